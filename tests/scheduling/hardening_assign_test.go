package scheduling

import (
	"net/http"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/rbac"
	ta "github.com/studio/studio/internal/testapp"
)

func (w *world) assignOverREST(t *testing.T, token string, s, user *core.Record, a, b float64, status string) ta.Response {
	t.Helper()
	return ta.Do(t, http.MethodPost, w.records("session_photographers"), token, map[string]any{
		"session": s.Id, "photographer": user.Id, "coverage_start": h(a), "coverage_end": h(b), "assignment_status": status,
	})
}

func (w *world) assignmentStatus(t *testing.T, id string) string {
	t.Helper()
	a, err := w.app.FindRecordById("session_photographers", id)
	if err != nil {
		t.Fatal(err)
	}
	return a.GetString("assignment_status")
}

// TestAssignmentEligibilityOnEveryPath (docs/rules.md §6): an assignment, whatever
// its status, is created only for an Active Photographer; an active one
// moves between Assigned and Confirmed or to Reassigned, and Reassigned is
// final; so no path (create as Reassigned then revive, REST or Go) makes
// an Editor or a deactivated user a session's photographer.
func TestAssignmentEligibilityOnEveryPath(t *testing.T) {
	w := newWorld(t)
	s := w.session(t, nil, 10, 12, domain.StatusConfirmed)
	coord := w.tok["coordinator"]

	r := w.assignOverREST(t, coord, s, w.staff.Editor, 10, 12, domain.AssignmentReassigned)
	expect(t, r, http.StatusBadRequest, "photographer", domain.CodeValidation)
	expect(t, w.assignOverREST(t, w.tok["superuser"], s, w.staff.Editor, 10, 12, domain.AssignmentReassigned), http.StatusBadRequest, "photographer", domain.CodeValidation)
	expect(t, w.assignOverREST(t, coord, s, w.staff.Editor, 10, 12, domain.AssignmentAssigned), http.StatusBadRequest, "photographer", domain.CodeValidation)

	r = w.assignOverREST(t, coord, s, w.staff.Photographer, 10, 12, domain.AssignmentAssigned)
	expect(t, r, http.StatusOK, "", "")
	id := r.Body["id"].(string)
	url := w.records("session_photographers") + "/" + id
	for _, next := range []string{domain.AssignmentConfirmed, domain.AssignmentAssigned, domain.AssignmentReassigned} {
		expect(t, ta.Do(t, http.MethodPatch, url, coord, map[string]any{"assignment_status": next}), http.StatusOK, "", "")
	}
	for _, back := range []string{domain.AssignmentAssigned, domain.AssignmentConfirmed} {
		expect(t, ta.Do(t, http.MethodPatch, url, coord, map[string]any{"assignment_status": back}), http.StatusBadRequest, "assignment_status", domain.CodeValidation)
		expect(t, ta.Do(t, http.MethodPatch, url, w.tok["superuser"], map[string]any{"assignment_status": back, "photographer": w.staff.Editor.Id}), http.StatusBadRequest, "assignment_status", domain.CodeValidation)
	}
	if got := w.assignmentStatus(t, id); got != domain.AssignmentReassigned {
		t.Fatalf("status %s", got)
	}

	// The Go path holds the same rule.
	c, _ := w.app.FindCollectionByNameOrId("session_photographers")
	rec := core.NewRecord(c)
	rec.Load(map[string]any{"session": s.Id, "photographer": w.staff.Editor.Id, "coverage_start": h(10), "coverage_end": h(12),
		"assignment_status": domain.AssignmentReassigned})
	if err := w.app.Save(rec); err == nil {
		t.Fatal("Go code created a Reassigned assignment")
	}
	old, _ := w.app.FindRecordById("session_photographers", id)
	old.Set("assignment_status", domain.AssignmentAssigned)
	if err := w.app.Save(old); err == nil {
		t.Fatal("Go code revived a Reassigned assignment")
	}
	got, _ := w.app.FindRecordById("sessions", s.Id)
	if len(got.GetStringSlice("assigned_photographers")) != 0 {
		t.Fatalf("assigned photographers %v", got.GetStringSlice("assigned_photographers"))
	}
}

// TestIneligiblePhotographerLosesOpenAssignments (docs/rules.md §6): when a
// photographer is deactivated or loses the Photographer role, their
// assignments on sessions not yet attended are released (Reassigned, so
// the session shows no photographer and coordinators can replace them);
// the assignments of sessions already attended stay as history.
func TestIneligiblePhotographerLosesOpenAssignments(t *testing.T) {
	w := newWorld(t)
	admin := w.tok["admin"]
	leaving := ta.User(t, w.app, "leaving", rbac.RolePhotographer)
	moving := ta.User(t, w.app, "moving", rbac.RolePhotographer)
	open := w.session(t, nil, 10, 12, domain.StatusConfirmed)
	a1 := w.assign(t, open, leaving, 10, 12, nil)
	a2 := w.assign(t, open, moving, 10, 12, nil)
	attended := ta.Session(t, w.app, w.client, map[string]any{"status": domain.StatusAttended})
	a3 := ta.Assign(t, w.app, attended, leaving, nil)

	expect(t, ta.Do(t, http.MethodDelete, w.base+"/api/collections/users/records/"+leaving.Id, admin, nil), http.StatusNoContent, "", "")
	editorRole, err := w.app.FindFirstRecordByData("roles", "name", rbac.RoleEditor)
	if err != nil {
		t.Fatal(err)
	}
	expect(t, ta.Do(t, http.MethodPatch, w.base+"/api/collections/users/records/"+moving.Id, admin, map[string]any{"roles": []string{editorRole.Id}}), http.StatusOK, "", "")

	if got := w.assignmentStatus(t, a1.Id); got != domain.AssignmentReassigned {
		t.Fatalf("deactivated photographer's open assignment: %s", got)
	}
	if got := w.assignmentStatus(t, a2.Id); got != domain.AssignmentReassigned {
		t.Fatalf("open assignment of a user who lost the role: %s", got)
	}
	if got := w.assignmentStatus(t, a3.Id); got != domain.AssignmentAssigned {
		t.Fatalf("attended session's assignment: %s, want it kept", got)
	}
	s, _ := w.app.FindRecordById("sessions", open.Id)
	if len(s.GetStringSlice("assigned_photographers")) != 0 {
		t.Fatalf("assigned photographers %v", s.GetStringSlice("assigned_photographers"))
	}
	expect(t, ta.Do(t, http.MethodPatch, w.records("session_photographers")+"/"+a1.Id, w.tok["coordinator"], map[string]any{"assignment_status": domain.AssignmentAssigned}),
		http.StatusBadRequest, "assignment_status", domain.CodeValidation)
}

// TestClosedSessionsTakeNoAssignments (docs/rules.md §6): on a Canceled or
// Completed session no assignment is created or changed (422
// IMMUTABLE_SESSION on session); the cancellation's own release of the
// assignments goes through.
func TestClosedSessionsTakeNoAssignments(t *testing.T) {
	w := newWorld(t)
	coord := w.tok["coordinator"]
	s := w.session(t, nil, 10, 12, domain.StatusConfirmed)
	a := w.assign(t, s, w.staff.Photographer, 10, 12, nil)
	r := ta.Do(t, http.MethodPost, w.base+"/api/studio/sessions/"+s.Id+"/transitions", coord, map[string]any{
		"to": domain.StatusCanceled, "reason": "Client moved away", "initiator": domain.InitiatorClient})
	expect(t, r, http.StatusOK, "", "")
	if got := w.assignmentStatus(t, a.Id); got != domain.AssignmentReassigned {
		t.Fatalf("the cancellation did not release the assignment: %s", got)
	}
	completed := ta.Session(t, w.app, w.client, map[string]any{"status": domain.StatusCompleted})

	for _, closed := range []*core.Record{s, completed} {
		for _, who := range []string{"coordinator", "superuser"} {
			expect(t, w.assignOverREST(t, w.tok[who], closed, w.staff.Photographer2, 10, 12, domain.AssignmentAssigned), http.StatusUnprocessableEntity, "session", domain.CodeImmutableSession)
		}
	}
	expect(t, ta.Do(t, http.MethodPatch, w.records("session_photographers")+"/"+a.Id, w.tok["superuser"], map[string]any{"notes": "late edit"}),
		http.StatusUnprocessableEntity, "session", domain.CodeImmutableSession)
	expect(t, ta.Do(t, http.MethodDelete, w.records("session_photographers")+"/"+a.Id, w.tok["superuser"], nil),
		http.StatusUnprocessableEntity, "session", domain.CodeImmutableSession)
}

// TestAvailabilityListsUnbookableRooms (docs/rules.md §6): an Inactive or
// Maintenance room is listed as not free, with its status as the reason
// and no blocking sessions.
func TestAvailabilityListsUnbookableRooms(t *testing.T) {
	w := newWorld(t)
	maintenance := ta.Room(t, w.app, map[string]any{"status": domain.Maintenance})
	inactive := ta.Room(t, w.app, map[string]any{"status": domain.Inactive})
	a := decodeAvailability(t, ta.Do(t, http.MethodGet, w.availability("", h(0), h(24), ""), w.tok["coordinator"], nil))
	for room, reason := range map[*core.Record]string{maintenance: "room_maintenance", inactive: "room_inactive"} {
		got := find(a.Rooms, room.Id)
		if got == nil || got.Free || got.Reason != reason || len(got.Blockers) != 0 {
			t.Fatalf("room %s: %+v, want not free because %s", room.GetString("status"), got, reason)
		}
	}
	if got := find(a.Rooms, w.room.Id); got == nil || !got.Free || got.Reason != "" {
		t.Fatalf("active room: %+v", got)
	}
}

// TestPhotographerOncePerSession (docs/rules.md §6): a photographer holds one
// assignment at a time, also on one session: a second active assignment
// of the same photographer to the session is 409
// PHOTOGRAPHER_NOT_AVAILABLE (reason already_assigned), whether created
// or made by changing another assignment's photographer. The randomized
// sweep found two such pairs before this rule.
func TestPhotographerOncePerSession(t *testing.T) {
	w := newWorld(t)
	coord := w.tok["coordinator"]
	s := w.session(t, nil, 10, 12, domain.StatusConfirmed)
	expect(t, w.assignOverREST(t, coord, s, w.staff.Photographer, 10, 12, domain.AssignmentAssigned), http.StatusOK, "", "")
	r := w.assignOverREST(t, coord, s, w.staff.Photographer, 9, 13, domain.AssignmentConfirmed)
	expect(t, r, http.StatusConflict, "photographer", domain.CodePhotographerNotAvailable)
	if params(r, "photographer")["reason"] != "already_assigned" {
		t.Fatalf("params %v", params(r, "photographer"))
	}
	other := w.assignOverREST(t, coord, s, w.staff.Photographer2, 10, 12, domain.AssignmentAssigned)
	expect(t, other, http.StatusOK, "", "")
	expect(t, ta.Do(t, http.MethodPatch, w.records("session_photographers")+"/"+other.Body["id"].(string), coord, map[string]any{"photographer": w.staff.Photographer.Id}),
		http.StatusConflict, "photographer", domain.CodePhotographerNotAvailable)
}
