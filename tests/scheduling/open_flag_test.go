package scheduling

import (
	"net/http"
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/lifecycle"
	ta "github.com/studio/studio/internal/testapp"
)

// TestCompletedSessionFreesItsPhotographer: a session that reaches
// Completed through the state machine keeps its assignments (not
// Reassigned), yet stops blocking its photographer in the availability
// answer; the derived session_open flag follows, and a caller cannot set it.
func TestCompletedSessionFreesItsPhotographer(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	s := ta.Session(t, w.app, w.client, map[string]any{"status": domain.StatusReadyForDelivery})
	a, err := w.app.FindFirstRecordByFilter("session_photographers", "session = {:s}", dbx.Params{"s": s.Id})
	if err != nil {
		t.Fatal(err)
	}
	photographer := a.GetString("photographer")
	start, end := s.GetDateTime("starts_at").Time(), s.GetDateTime("ends_at").Time()
	busy := func() bool {
		t.Helper()
		r := ta.Do(t, http.MethodGet, w.availability(w.tok["coordinator"], start.Add(-time.Hour), end.Add(time.Hour), ""), w.tok["coordinator"], nil)
		if r.Status != http.StatusOK {
			t.Fatalf("availability: %d %s", r.Status, r.Raw)
		}
		p := find(decodeAvailability(t, r).Photographers, photographer)
		if p == nil {
			t.Fatalf("photographer %s missing from the answer", photographer)
		}
		return !p.Free
	}
	if !busy() {
		t.Fatal("a Ready for Delivery session must block its photographer")
	}

	if _, err := lifecycle.Replay(w.app, s.Id, domain.StatusCompleted, nil); err != nil {
		t.Fatalf("complete: %v", err)
	}
	a, _ = w.app.FindRecordById("session_photographers", a.Id)
	if a.GetString("assignment_status") == domain.AssignmentReassigned || a.GetBool("session_open") {
		t.Fatalf("after Completed the assignment stays %s with session_open false, got %s %v",
			domain.AssignmentAssigned, a.GetString("assignment_status"), a.GetBool("session_open"))
	}
	if busy() {
		t.Fatal("a Completed session still blocks its photographer")
	}

	r := ta.Do(t, http.MethodPatch, w.records("session_photographers")+"/"+a.Id, w.tok["superuser"], map[string]any{"session_open": true})
	a, _ = w.app.FindRecordById("session_photographers", a.Id)
	if a.GetBool("session_open") || busy() {
		t.Fatalf("session_open is derived; a write of true must not stick (%d %s)", r.Status, r.Raw)
	}
}
