package reports_test

import (
	"testing"

	"github.com/pocketbase/dbx"

	"github.com/studio/studio/internal/settings"
	ta "github.com/studio/studio/internal/testapp"
)

// In Europe/Madrid, where summer time starts on 29 March 2026 (UTC+1 →
// UTC+2), the range [2026-03-01, 2026-04-01) is [23:00Z Feb 28, 22:00Z
// Mar 31). A session at 23:30 local on Mar 31 (21:30Z) is in; one at
// 00:00 local on Apr 1 (22:00Z Mar 31) is out; 00:00 local Mar 1 (23:00Z
// Feb 28) is in, 23:59 local Feb 28 is out. A Verified payment at 00:30
// local Apr 1 (22:30Z Mar 31) is April's, not March's.
func TestReportRangeAcrossSummerTime(t *testing.T) {
	app := ta.New(t)
	staff := ta.NewStaff(t, app)
	rec, err := app.FindFirstRecordByFilter(settings.Collection, "")
	if err != nil {
		t.Fatal(err)
	}
	rec.Set("timezone", "Europe/Madrid")
	if err := app.Save(rec); err != nil {
		t.Fatal(err)
	}
	client := ta.Client(t, app, map[string]any{"full_name": "Elsa"})
	starts := map[string]string{
		"1": "2026-03-31 21:30:00.000Z",
		"2": "2026-03-31 22:00:00.000Z",
		"3": "2026-02-28 23:00:00.000Z",
		"4": "2026-02-28 22:59:00.000Z",
	}
	for n, at := range starts {
		exec(t, app, `INSERT INTO sessions (id, code, client, session_type, status, starts_at, ends_at, location, assigned_editor,
			estimated_delivery_date, subtotal, total, created, updated)
			VALUES ({:id}, {:code}, {:client}, 'Studio', 'Completed', {:at}, {:at}, '', '', '', 100, 100, '2026-01-10 12:00:00.000Z', '2026-01-10 12:00:00.000Z')`,
			dbx.Params{"id": sessionID(n), "code": "S-2026-0000" + n, "client": client.Id, "at": at})
	}
	for i, p := range [][2]string{{"1", "2026-03-31 21:59:00.000Z"}, {"2", "2026-03-31 22:30:00.000Z"}} {
		exec(t, app, `INSERT INTO session_payments (id, session, payment_type, payment_status, amount, document_number, method, payment_date, created, updated)
			VALUES ({:id}, {:session}, 'Deposit', 'Verified', 100, {:doc}, 'Cash', {:date}, {:date}, {:date})`,
			dbx.Params{"id": "dstpayment0000" + string(rune('0'+i)), "session": sessionID(p[0]), "doc": "D" + p[0], "date": p[1]})
	}
	base := ta.Serve(t, app)
	token := ta.Token(t, staff.Admin)

	res := ta.Do(t, "GET", base+"/api/studio/reports/sessions?from=2026-03-01&to=2026-04-01", token, nil)
	if res.Status != 200 {
		t.Fatalf("%d %s", res.Status, res.Raw)
	}
	if res.Body["sessions"] != float64(2) || res.Body["timezone"] != "Europe/Madrid" {
		t.Errorf("sessions %v in %v, want 2 in Europe/Madrid", res.Body["sessions"], res.Body["timezone"])
	}
	months, _ := res.Body["by_month"].([]any)
	if len(months) != 1 || months[0].(map[string]any)["month"] != "2026-03" || months[0].(map[string]any)["sessions"] != float64(2) {
		t.Errorf("by_month %v, want only 2026-03 with 2", months)
	}

	res = ta.Do(t, "GET", base+"/api/studio/reports/financial?from=2026-03-01&to=2026-05-01", token, nil)
	if res.Status != 200 {
		t.Fatalf("%d %s", res.Status, res.Raw)
	}
	byMonth, _ := res.Body["by_month"].([]any)
	want := map[string]string{"2026-03": "100.00", "2026-04": "100.00"}
	if len(byMonth) != 2 {
		t.Fatalf("by_month %v", byMonth)
	}
	for _, m := range byMonth {
		mm := m.(map[string]any)
		if mm["deposits"] != want[mm["month"].(string)] {
			t.Errorf("%v deposits %v, want %s", mm["month"], mm["deposits"], want[mm["month"].(string)])
		}
	}
}
