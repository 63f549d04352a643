package api_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/studio/studio/internal/domain"
	ta "github.com/studio/studio/internal/testapp"
)

// TestAuditFieldsComeFromTheCaller: whatever a caller sends in created_by
// and updated_by (REST create and update, batch), the server stores the
// user of the request: created_by once, at creation; updated_by at every
// write. A superuser is no user, so its writes leave them empty.
func TestAuditFieldsComeFromTheCaller(t *testing.T) {
	w := newWorld(t)
	coord, adminTok := w.tokens[coordinator], w.tokens[admin]
	forged := w.staff.Photographer.Id
	start := time.Now().UTC().Add(90 * 24 * time.Hour).Truncate(time.Hour)

	s := ta.Do(t, http.MethodPost, w.url("sessions"), coord, map[string]any{
		"client": w.clientOwn.Id, "session_type": domain.SessionTypeStudio, "starts_at": start, "ends_at": start.Add(time.Hour),
		"created_by": forged, "updated_by": forged,
	})
	if s.Status != http.StatusOK {
		t.Fatalf("create session: %d %s", s.Status, s.Raw)
	}
	id := s.Body["id"].(string)
	want := func(collection, id, createdBy, updatedBy string) {
		t.Helper()
		r, err := w.app.FindRecordById(collection, id)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.GetString("created_by"); got != createdBy {
			t.Errorf("%s created_by = %q, want %q", collection, got, createdBy)
		}
		if r.Collection().Fields.GetByName("updated_by") == nil {
			return
		}
		if got := r.GetString("updated_by"); got != updatedBy {
			t.Errorf("%s updated_by = %q, want %q", collection, got, updatedBy)
		}
	}
	want("sessions", id, w.staff.Coordinator.Id, w.staff.Coordinator.Id)

	if r := ta.Do(t, http.MethodPatch, w.url("sessions", id), adminTok, map[string]any{
		"event_description": "edited", "created_by": forged, "updated_by": forged,
	}); r.Status != http.StatusOK {
		t.Fatalf("update session: %d %s", r.Status, r.Raw)
	}
	want("sessions", id, w.staff.Coordinator.Id, w.staff.Admin.Id)

	if r := ta.Do(t, http.MethodPatch, w.url("sessions", id), coord, map[string]any{"created_by": forged}); r.Status != http.StatusOK {
		t.Fatalf("update created_by alone: %d %s", r.Status, r.Raw)
	}
	want("sessions", id, w.staff.Coordinator.Id, w.staff.Coordinator.Id)

	a := ta.Do(t, http.MethodPost, w.url("session_photographers"), coord, map[string]any{
		"session": id, "photographer": w.staff.Photographer2.Id, "coverage_start": start, "coverage_end": start.Add(time.Hour),
		"created_by": forged,
	})
	if a.Status != http.StatusOK {
		t.Fatalf("create assignment: %d %s", a.Status, a.Raw)
	}
	aid := a.Body["id"].(string)
	want("session_photographers", aid, w.staff.Coordinator.Id, "")
	if r := ta.Do(t, http.MethodPatch, w.url("session_photographers", aid), adminTok, map[string]any{"notes": "bring the tripod", "created_by": forged}); r.Status != http.StatusOK {
		t.Fatalf("update assignment: %d %s", r.Status, r.Raw)
	}
	want("session_photographers", aid, w.staff.Coordinator.Id, "")

	b := ta.Do(t, http.MethodPost, w.base+"/api/batch", coord, map[string]any{"requests": []any{
		map[string]any{"method": "PATCH", "url": "/api/collections/sessions/records/" + id, "body": map[string]any{"updated_by": forged, "created_by": forged, "event_description": "batched"}},
	}})
	if b.Status != http.StatusOK {
		t.Fatalf("batch: %d %s", b.Status, b.Raw)
	}
	want("sessions", id, w.staff.Coordinator.Id, w.staff.Coordinator.Id)

	su := ta.Do(t, http.MethodPost, w.url("sessions"), w.tokens[superuser], map[string]any{
		"client": w.clientOwn.Id, "session_type": domain.SessionTypeStudio, "starts_at": start.Add(3 * time.Hour), "ends_at": start.Add(4 * time.Hour),
		"created_by": forged, "updated_by": forged,
	})
	if su.Status != http.StatusOK {
		t.Fatalf("superuser create: %d %s", su.Status, su.Raw)
	}
	want("sessions", su.Body["id"].(string), "", "")
}
