package scheduling

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/notify"
	ta "github.com/studio/studio/internal/testapp"
)

func (w *world) postAssignment(t *testing.T, token, session, photographer string, a, b float64, extra map[string]any) ta.Response {
	t.Helper()
	body := map[string]any{"session": session, "photographer": photographer, "coverage_start": h(a), "coverage_end": h(b)}
	for k, v := range extra {
		body[k] = v
	}
	return ta.Do(t, http.MethodPost, w.records("session_photographers"), token, body)
}

func (w *world) notifications(t *testing.T, user, kind string) int {
	t.Helper()
	n, err := w.app.CountRecords("notifications", dbx.HashExp{"user": user, "kind": kind})
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

func TestPhotographerAssignmentOverREST(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	tok := w.tok["coordinator"]
	p := w.staff.Photographer
	first := w.session(t, nil, 10, 12, domain.StatusConfirmed)
	held := w.assign(t, first, p, 9, 13, nil) // travel before and after
	second := w.session(t, nil, 12, 14, domain.StatusConfirmed)

	t.Run("overlapping coverage answers PHOTOGRAPHER_NOT_AVAILABLE with the conflict", func(t *testing.T) {
		r := w.postAssignment(t, tok, second.Id, p.Id, 12, 14, nil)
		expect(t, r, http.StatusConflict, "photographer", domain.CodePhotographerNotAvailable)
		c := conflicts(r, "photographer")
		if len(c) != 1 || c[0]["id"] != first.Id || c[0]["assignment"] != held.Id || c[0]["code"] != first.GetString("code") ||
			c[0]["starts_at"] != "2027-01-16T09:00:00Z" || c[0]["ends_at"] != "2027-01-16T13:00:00Z" || c[0]["status"] != domain.StatusConfirmed {
			t.Fatalf("conflicts = %v", c)
		}
	})
	t.Run("touching coverage is fine and notifies the photographer", func(t *testing.T) {
		before := w.notifications(t, p.Id, notify.KindAssignment)
		expect(t, w.postAssignment(t, tok, second.Id, p.Id, 13, 14, nil), http.StatusOK, "", "")
		if w.notifications(t, p.Id, notify.KindAssignment) != before+1 {
			t.Fatal("the photographer was not notified of the assignment")
		}
	})
	t.Run("reassigned assignments and canceled sessions do not block", func(t *testing.T) {
		p2 := w.staff.Photographer2
		s1 := w.session(t, nil, 20, 22, domain.StatusConfirmed)
		w.assign(t, s1, p2, 20, 22, map[string]any{"assignment_status": domain.AssignmentReassigned})
		s2 := w.session(t, nil, 20, 22, domain.StatusConfirmed)
		expect(t, w.postAssignment(t, tok, s2.Id, p2.Id, 20, 22, nil), http.StatusOK, "", "")

		s3 := w.session(t, nil, 30, 32, domain.StatusConfirmed)
		w.assign(t, s3, p2, 30, 32, nil)
		s3, _ = w.app.FindRecordById("sessions", s3.Id)
		expect(t, ta.Do(t, http.MethodPatch, w.records("sessions")+"/"+s3.Id, tok, map[string]any{
			"status": domain.StatusCanceled, "cancellation_reason": "x", "cancellation_initiator": domain.InitiatorClient,
		}), http.StatusOK, "", "")
		s4 := w.session(t, nil, 30, 32, domain.StatusConfirmed)
		expect(t, w.postAssignment(t, tok, s4.Id, p2.Id, 30, 32, nil), http.StatusOK, "", "")
	})
	t.Run("moving coverage onto a held slot is refused", func(t *testing.T) {
		s := w.session(t, nil, 40, 42, domain.StatusConfirmed)
		a := w.assign(t, s, p, 40, 42, nil)
		r := ta.Do(t, http.MethodPatch, w.records("session_photographers")+"/"+a.Id, tok, map[string]any{"coverage_start": h(12.5)})
		expect(t, r, http.StatusConflict, "photographer", domain.CodePhotographerNotAvailable)
	})
	t.Run("at most one lead per session", func(t *testing.T) {
		s := w.session(t, nil, 50, 52, domain.StatusConfirmed)
		expect(t, w.postAssignment(t, tok, s.Id, p.Id, 50, 52, map[string]any{"is_lead": true}), http.StatusOK, "", "")
		r := w.postAssignment(t, tok, s.Id, w.staff.Photographer2.Id, 50, 52, map[string]any{"is_lead": true})
		expect(t, r, http.StatusBadRequest, "is_lead", domain.CodeValidation)
		expect(t, w.postAssignment(t, tok, s.Id, w.staff.Photographer2.Id, 50, 52, map[string]any{"is_lead": false}), http.StatusOK, "", "")
	})
	t.Run("only Active photographers can be assigned", func(t *testing.T) {
		s := w.session(t, nil, 60, 62, domain.StatusConfirmed)
		inactive := ta.User(t, w.app, "gone", ta.RolePhotographer)
		inactive.Set("status", domain.Inactive)
		if err := w.app.Save(inactive); err != nil {
			t.Fatal(err)
		}
		for _, u := range []string{w.staff.Editor.Id, inactive.Id} {
			expect(t, w.postAssignment(t, tok, s.Id, u, 60, 62, nil), http.StatusBadRequest, "photographer", domain.CodeValidation)
		}
	})
	t.Run("photographers and editors cannot assign", func(t *testing.T) {
		s := w.session(t, nil, 70, 72, domain.StatusConfirmed)
		for _, who := range []string{"photographer", "editor"} {
			// The create rule refuses: 403 FORBIDDEN, no record.
			r := w.postAssignment(t, w.tok[who], s.Id, p.Id, 70, 72, nil)
			expect(t, r, http.StatusForbidden, "rule", domain.CodeForbidden)
		}
	})
}

func TestSessionMoveCarriesCoverage(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	p := w.staff.Photographer
	s := w.session(t, nil, 10, 12, domain.StatusConfirmed)
	a := w.assign(t, s, p, 9, 12.5, nil)
	other := w.session(t, nil, 30, 32, domain.StatusConfirmed)
	w.assign(t, other, p, 30, 32, nil)

	// A day later: coverage keeps its hour of travel before and half hour after.
	r := ta.Do(t, http.MethodPatch, w.records("sessions")+"/"+s.Id, w.tok["coordinator"], map[string]any{"starts_at": h(34), "ends_at": h(36)})
	expect(t, r, http.StatusOK, "", "")
	a, _ = w.app.FindRecordById("session_photographers", a.Id)
	if !a.GetDateTime("coverage_start").Time().Equal(h(33)) || !a.GetDateTime("coverage_end").Time().Equal(h(36.5)) {
		t.Fatalf("coverage %s – %s", a.GetDateTime("coverage_start"), a.GetDateTime("coverage_end"))
	}
	// Onto the photographer's other engagement: refused, nothing changes.
	r = ta.Do(t, http.MethodPatch, w.records("sessions")+"/"+s.Id, w.tok["coordinator"], map[string]any{"starts_at": h(31), "ends_at": h(33)})
	expect(t, r, http.StatusConflict, "photographer", domain.CodePhotographerNotAvailable)
	a, _ = w.app.FindRecordById("session_photographers", a.Id)
	if !a.GetDateTime("coverage_start").Time().Equal(h(33)) {
		t.Fatal("a refused move changed the coverage")
	}
}

func TestReassign(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	p1, p2 := w.staff.Photographer, w.staff.Photographer2
	s := w.session(t, nil, 10, 12, domain.StatusConfirmed)
	old := w.assign(t, s, p1, 9, 13, map[string]any{"is_lead": true})
	url := w.base + "/api/studio/sessions/" + s.Id + "/photographers/" + old.Id + "/reassign"
	body := map[string]any{"photographer": p2.Id, "coverage_start": h(9.5), "coverage_end": h(12.5)}

	expect(t, ta.Do(t, http.MethodPost, url, w.tok["photographer"], body), http.StatusForbidden, "session", domain.CodeForbidden)

	busy := w.session(t, nil, 8, 10, domain.StatusConfirmed)
	blocker := w.assign(t, busy, p2, 8, 10, nil)
	r := ta.Do(t, http.MethodPost, url, w.tok["coordinator"], body)
	expect(t, r, http.StatusConflict, "photographer", domain.CodePhotographerNotAvailable)
	if again, _ := w.app.FindRecordById("session_photographers", old.Id); again.GetString("assignment_status") != domain.AssignmentAssigned {
		t.Fatal("a refused reassignment changed the old assignment")
	}
	if err := w.app.Delete(blocker); err != nil {
		t.Fatal(err)
	}

	assigned := w.notifications(t, p2.Id, notify.KindAssignment)
	r = ta.Do(t, http.MethodPost, url, w.tok["coordinator"], body)
	expect(t, r, http.StatusOK, "", "")
	newID, _ := r.Body["assignment"].(map[string]any)["id"].(string)
	fresh, err := w.app.FindRecordById("session_photographers", newID)
	if err != nil {
		t.Fatal(err)
	}
	old, _ = w.app.FindRecordById("session_photographers", old.Id)
	if old.GetString("assignment_status") != domain.AssignmentReassigned || fresh.GetString("photographer") != p2.Id ||
		!fresh.GetBool("is_lead") || !fresh.GetDateTime("coverage_start").Time().Equal(h(9.5)) {
		t.Fatalf("old %v, new %v", old, fresh)
	}
	if w.notifications(t, p1.Id, notify.KindReassignment) != 1 || w.notifications(t, p2.Id, notify.KindAssignment) != assigned+1 {
		t.Fatal("both photographers must be notified")
	}
	s, _ = w.app.FindRecordById("sessions", s.Id)
	if ids := s.GetStringSlice("assigned_photographers"); len(ids) != 1 || ids[0] != p2.Id {
		t.Fatalf("assigned_photographers = %v", ids)
	}
	expect(t, ta.Do(t, http.MethodPost, url, w.tok["coordinator"], body), http.StatusConflict, "assignment", domain.CodeInvalidStateTransition)
	expect(t, ta.Do(t, http.MethodPost, w.base+"/api/studio/sessions/nope/photographers/"+newID+"/reassign", w.tok["coordinator"], body),
		http.StatusNotFound, "session", domain.CodeSessionNotFound)
}

// TestMovedSessionReachesRealtime: a move (which runs the room and
// photographer checks in their own transaction and shifts the coverage)
// still reaches the assigned photographer's realtime subscription.
func TestMovedSessionReachesRealtime(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	s := w.session(t, w.room, 10, 12, domain.StatusConfirmed)
	w.assign(t, s, w.staff.Photographer, 10, 12, nil)
	sub := ta.Subscribe(t, w.base, w.tok["photographer"], "sessions/*", "session_photographers/*")
	r := ta.Do(t, http.MethodPatch, w.records("sessions")+"/"+s.Id, w.tok["coordinator"], map[string]any{"starts_at": h(13), "ends_at": h(15)})
	expect(t, r, http.StatusOK, "", "")
	seen := map[string]bool{}
	for {
		ev, ok := sub.Next(700 * time.Millisecond)
		if !ok {
			break
		}
		seen[strings.SplitN(ev.Topic, "/", 2)[0]] = true
	}
	if !seen["sessions"] || !seen["session_photographers"] {
		t.Fatalf("realtime events on %v, want the session and its moved assignment", seen)
	}
}
