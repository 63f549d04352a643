package reports_test

import (
	"testing"
	"time"

	"github.com/studio/studio/internal/domain"
	ta "github.com/studio/studio/internal/testapp"
)

// A deposit recorded with a calendar date (payment_date "2026-04-01") on
// the Confirmed transition is a payment of April 1 in the studio (here
// America/Guatemala, UTC−6), so it counts in April's figures and not in
// March's: the date is the studio's, not UTC's midnight (which is
// March 31, 18:00 in Guatemala).
func TestDepositDatedByCalendarDateCountsInThatStudioMonth(t *testing.T) {
	app := ta.New(t)
	staff := ta.NewStaff(t, app)
	ta.SetNow(app, time.Date(2026, 3, 30, 18, 0, 0, 0, time.UTC))
	client := ta.Client(t, app, map[string]any{"full_name": "Dora Díaz"})
	s := ta.Session(t, app, client, map[string]any{"status": domain.StatusPreScheduled})
	base := ta.Serve(t, app)
	coordinator := ta.Token(t, staff.Coordinator)
	res := ta.Do(t, "POST", base+"/api/studio/sessions/"+s.Id+"/transitions", coordinator, map[string]any{
		"to":      domain.StatusConfirmed,
		"deposit": map[string]any{"amount": "500.00", "document_number": "DEP-1", "payment_date": "2026-04-01"},
	})
	if res.Status != 200 {
		t.Fatalf("confirm: %d %s", res.Status, res.Raw)
	}
	admin := ta.Token(t, staff.Admin)
	for _, c := range []struct{ from, to, deposits string }{
		{"2026-03-01", "2026-04-01", "0.00"},
		{"2026-04-01", "2026-05-01", "500.00"},
	} {
		r := ta.Do(t, "GET", base+"/api/studio/reports/financial?from="+c.from+"&to="+c.to, admin, nil)
		if r.Status != 200 {
			t.Fatalf("report: %d %s", r.Status, r.Raw)
		}
		totals, _ := r.Body["totals"].(map[string]any)
		if totals["deposits"] != c.deposits {
			t.Errorf("[%s, %s): deposits %v, want %s", c.from, c.to, totals["deposits"], c.deposits)
		}
	}
}
