package scheduling

import (
	"strings"
	"testing"
	"time"

	"github.com/studio/studio/internal/schedule"
	ta "github.com/studio/studio/internal/testapp"
)

// TestPlansHoldWithSmallTableStatistics: PocketBase runs PRAGMA optimize
// after every collection save, so the statistics SQLite plans with may
// have been gathered when sessions and session_photographers held a row or
// two. The scheduling queries must still read their own index first and
// never walk a whole table, or an overlap check costs one probe per
// session ever stored.
func TestPlansHoldWithSmallTableStatistics(t *testing.T) {
	app := ta.New(t)
	staff := ta.NewStaff(t, app)
	client := ta.Client(t, app, nil)
	ta.Assign(t, app, ta.Session(t, app, client, nil), staff.Photographer, nil)
	if _, err := app.DB().NewQuery("ANALYZE").Execute(); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 6, 1, 15, 0, 0, 0, time.UTC)
	plans, err := schedule.Explain(app, schedule.Interval{Start: now, End: now.Add(24 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	for name, plan := range plans {
		for _, line := range plan {
			// SCAN CONSTANT ROW is the one row of a SELECT without FROM
			// (the longest bookings' two scalar subqueries), not a table.
			if strings.HasPrefix(line, "SCAN ") && line != "SCAN CONSTANT ROW" {
				t.Errorf("%s walks a table with small-table statistics: %s", name, strings.Join(plan, " | "))
			}
		}
	}
}
