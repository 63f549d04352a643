package jobs_test

import (
	"testing"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/jobs"
	"github.com/studio/studio/internal/settings"
	ta "github.com/studio/studio/internal/testapp"
)

// In Europe/Madrid, summer time starts on Sunday 29 March 2026 (02:00
// CET → 03:00 CEST). A session on Sunday 5 April at 10:00 local (08:00Z)
// has its changes deadline 7 days before, on 29 March at 23:59:59 CEST,
// i.e. 21:59:59Z (not 22:59:59Z as in winter): the 00:00 run of 30 March
// local (22:00Z on the 29th) assigns it, the minute before does not.
func TestAutoAssignAcrossSummerTimeInMadrid(t *testing.T) {
	w := newWorld(t)
	rec, err := w.app.FindFirstRecordByFilter(settings.Collection, "")
	if err != nil {
		t.Fatal(err)
	}
	rec.Set("timezone", "Europe/Madrid")
	if err := w.app.Save(rec); err != nil {
		t.Fatal(err)
	}
	room := ta.Room(t, w.app, nil)
	s := w.session(domain.StatusConfirmed, utc("2026-04-05 08:00:00"), map[string]any{"room": room.Id})
	ta.Assign(t, w.app, s, w.staff.Photographer, nil)
	if got := w.reload(s).GetDateTime("changes_deadline").Time(); !got.Equal(utc("2026-03-29 21:59:59")) {
		t.Fatalf("changes deadline %s, want 2026-03-29 21:59:59 UTC", got)
	}
	expectCounts(t, w.run(jobs.AutoAssignName, utc("2026-03-29 21:59:00")), 0, 0, 0, 0)
	if st := w.reload(s).GetString("status"); st != domain.StatusConfirmed {
		t.Fatalf("assigned before the deadline: %s", st)
	}
	expectCounts(t, w.run(jobs.AutoAssignName, utc("2026-03-29 22:00:00")), 1, 1, 0, 0)
	if st := w.reload(s).GetString("status"); st != domain.StatusAssigned {
		t.Fatalf("status %s after the midnight run, want Assigned", st)
	}
	expectCounts(t, w.run(jobs.AutoAssignName, utc("2026-03-29 22:00:30")), 0, 0, 0, 0)
}
