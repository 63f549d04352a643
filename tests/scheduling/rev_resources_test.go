package scheduling

import (
	"net/http"
	"testing"

	"github.com/studio/studio/internal/domain"
	ta "github.com/studio/studio/internal/testapp"
)

// TestResourceRulesOnEveryWrite (docs/rules.md §6): the room and
// photographer rules hold on a session PATCH of an Assigned session, on an
// assignment moved to another session by PATCH, and inside one batch; a
// Studio session turned External needs its location. Every refusal leaves
// the records as they were.
func TestResourceRulesOnEveryWrite(t *testing.T) {
	w := newWorld(t)
	p := w.staff.Photographer
	first := w.session(t, w.room, 10, 12, domain.StatusAssigned)
	w.assign(t, first, p, 10, 12, nil)
	second := w.session(t, w.room, 14, 16, domain.StatusAssigned)
	busy := w.session(t, nil, 20, 22, domain.StatusConfirmed)
	w.assign(t, busy, p, 20, 22, nil)

	for _, who := range []string{"admin", "superuser"} {
		r := ta.Do(t, http.MethodPatch, w.records("sessions")+"/"+second.Id, w.tok[who], map[string]any{"starts_at": h(11), "ends_at": h(13)})
		expect(t, r, http.StatusConflict, "room", domain.CodeRoomNotAvailable)
	}

	free := w.session(t, nil, 40, 42, domain.StatusConfirmed)
	moved := w.assign(t, free, p, 40, 42, nil)
	r := ta.Do(t, http.MethodPatch, w.records("session_photographers")+"/"+moved.Id, w.tok["superuser"], map[string]any{
		"session": first.Id, "coverage_start": h(10), "coverage_end": h(12)})
	if r.Status < 400 {
		t.Fatalf("an assignment moved onto a session the photographer already holds: %d %s", r.Status, r.Raw)
	}
	r = ta.Do(t, http.MethodPatch, w.records("session_photographers")+"/"+moved.Id, w.tok["superuser"], map[string]any{
		"session": busy.Id, "coverage_start": h(20), "coverage_end": h(22)})
	if r.Status < 400 {
		t.Fatalf("an assignment moved onto a busy session: %d %s", r.Status, r.Raw)
	}

	reqs := []any{
		map[string]any{"method": "POST", "url": "/api/collections/session_photographers/records", "body": map[string]any{
			"id": "revbatchassign1", "session": second.Id, "photographer": p.Id, "coverage_start": h(14), "coverage_end": h(16),
			"assignment_status": domain.AssignmentReassigned}},
		map[string]any{"method": "PATCH", "url": "/api/collections/session_photographers/records/revbatchassign1", "body": map[string]any{
			"assignment_status": domain.AssignmentAssigned}},
	}
	r = ta.Do(t, http.MethodPost, w.base+"/api/batch", w.tok["superuser"], map[string]any{"requests": reqs})
	if r.Status < 400 {
		t.Fatalf("batch revived a Reassigned assignment: %d %s", r.Status, r.Raw)
	}

	r = ta.Do(t, http.MethodPatch, w.records("sessions")+"/"+free.Id, w.tok["coordinator"], map[string]any{"session_type": domain.SessionTypeExternal, "location": "\u200b"})
	if r.Status != http.StatusBadRequest {
		t.Fatalf("External without a location: %d %s", r.Status, r.Raw)
	}
	if s, _ := w.app.FindRecordById("sessions", second.Id); !s.GetDateTime("starts_at").Time().Equal(h(14)) {
		t.Fatalf("a refused move changed the session: %s", s.GetDateTime("starts_at"))
	}
	if a, _ := w.app.FindRecordById("session_photographers", moved.Id); a.GetString("session") != free.Id {
		t.Fatal("a refused move changed the assignment")
	}
}
