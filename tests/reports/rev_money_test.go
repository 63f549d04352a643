package reports_test

import (
	"fmt"
	"testing"

	"github.com/pocketbase/dbx"

	ta "github.com/studio/studio/internal/testapp"
)

// Money adds up to the cent with no float drift: 1,000 Verified balances
// of 0.01 are 10.00; a session of 0.30 paid 0.10 + 0.20 owes nothing (a
// float sum would leave 0.30000000000000004 − … and list it); a session
// of 1000.10 paid 0.10 three times owes 999.80.
func TestReportMoneyIsExactToTheCent(t *testing.T) {
	app := ta.New(t)
	staff := ta.NewStaff(t, app)
	client := ta.Client(t, app, map[string]any{"full_name": "Fabio"})
	for n, total := range map[string]string{"1": "0.3", "2": "1000.1", "3": "10"} {
		exec(t, app, `INSERT INTO sessions (id, code, client, session_type, status, starts_at, ends_at, location, assigned_editor,
			estimated_delivery_date, subtotal, total, created, updated)
			VALUES ({:id}, {:code}, {:client}, 'Studio', 'Confirmed', '2026-03-10 16:00:00.000Z', '2026-03-10 18:00:00.000Z', '', '', '', {:total}, {:total},
			'2026-02-10 12:00:00.000Z', '2026-02-10 12:00:00.000Z')`,
			dbx.Params{"id": sessionID(n), "code": "S-2026-0000" + n, "client": client.Id, "total": total})
		exec(t, app, `INSERT INTO session_status_history (id, session, previous_status, new_status, created, updated)
			VALUES ({:id}, {:session}, 'Pre-scheduled', 'Confirmed', '2026-02-11 12:00:00.000Z', '2026-02-11 12:00:00.000Z')`,
			dbx.Params{"id": "monhistory0000" + n, "session": sessionID(n)})
	}
	i := 0
	pay := func(session, kind, amount string) {
		i++
		exec(t, app, `INSERT INTO session_payments (id, session, payment_type, payment_status, amount, document_number, method, payment_date, created, updated)
			VALUES ({:id}, {:session}, {:kind}, 'Verified', {:amount}, {:doc}, 'Cash', '2026-03-05 12:00:00.000Z', '2026-03-05 12:00:00.000Z', '2026-03-05 12:00:00.000Z')`,
			dbx.Params{"id": fmt.Sprintf("monpayment%05d", i), "session": sessionID(session), "kind": kind, "amount": amount, "doc": fmt.Sprintf("D%d", i)})
	}
	pay("1", "Deposit", "0.1")
	pay("1", "Balance", "0.2")
	pay("2", "Deposit", "0.1")
	pay("2", "Balance", "0.1")
	pay("2", "Balance", "0.1")
	pay("3", "Deposit", "0.01")
	for range 999 {
		pay("3", "Balance", "0.01")
	}
	base := ta.Serve(t, app)
	res := ta.Do(t, "GET", base+"/api/studio/reports/financial?from=2026-03-01&to=2026-04-01", ta.Token(t, staff.Admin), nil)
	if res.Status != 200 {
		t.Fatalf("%d %s", res.Status, res.Raw)
	}
	totals, _ := res.Body["totals"].(map[string]any)
	// Deposits 0.10 + 0.10 + 0.01 = 0.21; balances 0.20 + 0.20 + 9.99 = 10.39.
	if totals["deposits"] != "0.21" || totals["balances"] != "10.39" || totals["net"] != "10.60" {
		t.Errorf("totals %v, want deposits 0.21, balances 10.39, net 10.60", totals)
	}
	out, _ := res.Body["outstanding"].(map[string]any)
	list, _ := out["sessions"].([]any)
	if len(list) != 1 || out["total"] != "999.80" {
		t.Fatalf("outstanding %v, want only S-2026-00002 owing 999.80", out)
	}
	if s := list[0].(map[string]any); s["code"] != "S-2026-00002" || s["outstanding"] != "999.80" || s["net_paid"] != "0.30" {
		t.Errorf("outstanding row %v", s)
	}
}
