package lifecycle_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/lifecycle"
	ta "github.com/studio/studio/internal/testapp"
)

// TestSessionDateNotInThePast: docs/rules.md §4, a new session's date must not
// be in the past (422 INVALID_SESSION_DATE, nothing written), nor may an
// open session be moved into the past.
func TestSessionDateNotInThePast(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	before, _ := f.app.CountRecords("sessions")
	past := f.now.Add(-2 * time.Hour)
	r := ta.Do(t, http.MethodPost, f.records("sessions"), f.tok[coordinator], map[string]any{
		"client": f.client.Id, "session_type": domain.SessionTypeStudio, "starts_at": past, "ends_at": past.Add(time.Hour)})
	if r.Status != http.StatusUnprocessableEntity || r.FieldCode("starts_at") != domain.CodeInvalidSessionDate {
		t.Fatalf("past session: want 422 INVALID_SESSION_DATE on starts_at, got %d %s", r.Status, r.Raw)
	}
	if after, _ := f.app.CountRecords("sessions"); after != before {
		t.Fatalf("a refused session was written (%d → %d)", before, after)
	}

	id := f.newSession(t, f.now.Add(48*time.Hour), "", 0)
	r = ta.Do(t, http.MethodPatch, f.records("sessions")+"/"+id, f.tok[coordinator], map[string]any{"starts_at": past, "ends_at": past.Add(time.Hour)})
	if r.Status != http.StatusUnprocessableEntity || r.FieldCode("starts_at") != domain.CodeInvalidSessionDate {
		t.Fatalf("moving into the past: want 422 INVALID_SESSION_DATE, got %d %s", r.Status, r.Raw)
	}
	if s := f.session(t, id); !s.GetDateTime("starts_at").Time().Equal(f.now.Add(48 * time.Hour)) {
		t.Fatalf("the refused move changed the date: %v", s.GetDateTime("starts_at"))
	}
}

// TestRetroactiveEntry: a session that already happened is entered dated in
// the past only together with reaching Attended or later; an earlier
// target is refused and leaves nothing behind.
func TestRetroactiveEntry(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c, _ := f.app.FindCollectionByNameOrId("sessions")
	past := f.now.Add(-72 * time.Hour)
	newRecord := func() *core.Record {
		r := core.NewRecord(c)
		r.Set("client", f.client.Id)
		r.Set("session_type", domain.SessionTypeExternal)
		r.Set("location", "Antigua")
		r.Set("starts_at", past)
		r.Set("ends_at", past.Add(3*time.Hour))
		return r
	}
	before, _ := f.app.CountRecords("sessions")
	if _, err := lifecycle.EnterRetroactive(f.app, newRecord(), domain.StatusConfirmed, nil); err == nil {
		t.Fatal("a past session entered as Confirmed was accepted")
	}
	if after, _ := f.app.CountRecords("sessions"); after != before {
		t.Fatalf("a refused retroactive entry was written (%d → %d)", before, after)
	}

	prepare := func(tx core.App, s *core.Record, to string, in *lifecycle.Input) error {
		switch to {
		case domain.StatusPreScheduled:
			ta.Line(t, tx, s, map[string]any{"unit_price": 500, "line_subtotal": 500})
		case domain.StatusAssigned:
			ta.Assign(t, tx, s, f.staff.Photographer, nil)
		}
		return nil
	}
	s, err := lifecycle.EnterRetroactive(f.app, newRecord(), domain.StatusAttended, prepare)
	if err != nil {
		t.Fatalf("retroactive entry as Attended: %v", err)
	}
	if s.GetString("status") != domain.StatusAttended || !s.GetDateTime("starts_at").Time().Equal(past) {
		t.Fatalf("want an Attended session dated %v, got %s %v", past, s.GetString("status"), s.GetDateTime("starts_at"))
	}
	if n, _ := f.app.CountRecords("session_status_history"); n < 5 {
		t.Fatalf("the entry went through the state machine with history, found %d entries", n)
	}
}
