package reports_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// same compares an answer with a literal expected JSON whose {{name}}
// placeholders stand for the fixture's record ids.
func (f *fixture) same(t *testing.T, got map[string]any, want string) {
	t.Helper()
	for k, id := range f.names {
		want = strings.ReplaceAll(want, "{{"+k+"}}", id)
	}
	var w map[string]any
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("expected JSON: %v", err)
	}
	if !reflect.DeepEqual(got, w) {
		g, _ := json.MarshalIndent(got, "", "  ")
		t.Fatalf("report differs.\n got: %s\nwant: %s", g, want)
	}
}

// Sessions dated in [Mar 1, May 1) studio time: 1, 2, 3, 4, 5, 6 (Apr 30
// 23:30 local) and 9; 7 (May 1 00:00 local) and 8 (Feb 27) are out.
// Created in range: 2, 3, 4, 6, 7 (5 was created Feb 28 23:00 local), of
// which 2, 3 and 4 reached Confirmed: 3/5 = 60.00%. Canceled: 2 and 6,
// 2/7 = 28.57%; Ana 1/2, Bruno 0/2, Carla 1/3 = 33.33%.
func TestSessionsReport(t *testing.T) {
	f := newFixture(t)
	res := f.get(t, "sessions", "from=2026-03-01&to=2026-05-01")
	if res.Status != 200 {
		t.Fatalf("status %d: %s", res.Status, res.Raw)
	}
	f.same(t, res.Body, `{
		"from": "2026-03-01", "to": "2026-05-01", "timezone": "America/Guatemala",
		"sessions": 7,
		"by_status": [
			{"key": "Request", "sessions": 0}, {"key": "Negotiation", "sessions": 0},
			{"key": "Pre-scheduled", "sessions": 0}, {"key": "Confirmed", "sessions": 1},
			{"key": "Assigned", "sessions": 1}, {"key": "Attended", "sessions": 0},
			{"key": "In Editing", "sessions": 0}, {"key": "Ready for Delivery", "sessions": 1},
			{"key": "Completed", "sessions": 2}, {"key": "Canceled", "sessions": 2}
		],
		"by_type": [{"key": "Studio", "sessions": 5}, {"key": "External", "sessions": 2}],
		"by_month": [
			{"month": "2026-03", "sessions": 3, "canceled": 1},
			{"month": "2026-04", "sessions": 4, "canceled": 1}
		],
		"conversion": {"created": 5, "confirmed": 3, "rate": "60.00"},
		"cancellation": {"sessions": 7, "canceled": 2, "rate": "28.57", "by_client": [
			{"client_id": "{{carla}}", "name": "Carla Cruz", "sessions": 3, "canceled": 1, "rate": "33.33"},
			{"client_id": "{{ana}}", "name": "Ana Alvarez", "sessions": 2, "canceled": 1, "rate": "50.00"},
			{"client_id": "{{bruno}}", "name": "Bruno Barrios", "sessions": 2, "canceled": 0, "rate": "0.00"}
		]}
	}`)
}

// Verified payments by studio month. March: deposits 400 + 600.25 + 1000
// + 475 = 2475.25 (session 9's deposit at 05:00Z Mar 1 is Feb 28 local),
// balances 750 + 300 = 1050, refunds 400, net 3125.25. April: balances
// 500 (05:59Z May 1 is Apr 30 local) + 475 = 975. Pending and Rejected
// payments count nowhere. Outstanding as of May 1: session 8 owes 3000 −
// 1500 (its 700 is dated after `to`), 3 owes 1200.50 − 600.25, 4 owes
// 2000 − 1500; 11 was confirmed only after `to`. Expected revenue: the
// Confirmed 3 and Assigned 4, 1200.50 + 2000.
func TestFinancialReport(t *testing.T) {
	f := newFixture(t)
	res := f.get(t, "financial", "from=2026-03-01&to=2026-05-01")
	if res.Status != 200 {
		t.Fatalf("status %d: %s", res.Status, res.Raw)
	}
	f.same(t, res.Body, `{
		"from": "2026-03-01", "to": "2026-05-01", "timezone": "America/Guatemala", "currency": "GTQ",
		"by_month": [
			{"month": "2026-03", "deposits": "2475.25", "balances": "1050.00", "refunds": "400.00", "net": "3125.25"},
			{"month": "2026-04", "deposits": "0.00", "balances": "975.00", "refunds": "0.00", "net": "975.00"}
		],
		"totals": {"month": "total", "deposits": "2475.25", "balances": "2025.00", "refunds": "400.00", "net": "4100.25"},
		"outstanding": {"total": "2600.25", "sessions": [
			{"session_id": "fixsession00008", "code": "S-2026-00008", "client_id": "{{bruno}}", "client_name": "Bruno Barrios",
			 "status": "In Editing", "total": "3000.00", "net_paid": "1500.00", "outstanding": "1500.00"},
			{"session_id": "fixsession00003", "code": "S-2026-00003", "client_id": "{{bruno}}", "client_name": "Bruno Barrios",
			 "status": "Confirmed", "total": "1200.50", "net_paid": "600.25", "outstanding": "600.25"},
			{"session_id": "fixsession00004", "code": "S-2026-00004", "client_id": "{{bruno}}", "client_name": "Bruno Barrios",
			 "status": "Assigned", "total": "2000.00", "net_paid": "1500.00", "outstanding": "500.00"}
		]},
		"expected_revenue": {"sessions": 2, "total": "3200.50"}
	}`)
}

// Photographers, sessions Attended or later dated in range: Pablo on 1
// (3 h), 5 (2 h) and 9 (4 h 20 min) = 9.33 h (2 is Canceled, 8 is out of
// range); Pia on 5 (3 h 15 min; her assignment on 1 was Reassigned, 4 is
// only Assigned). Editors, Ready for Delivery in range: Elena on 1 (4 days,
// ready Mar 9 ≤ Mar 10) and 9 (4.5 days, ready Mar 17 local > Mar 14):
// average 4.25, on time 1 of 2; Emilio on 5 (5.25 days, ready Apr 7 18:00
// local, promised Apr 7 10:00 local: the same date, on time).
func TestPerformanceReport(t *testing.T) {
	f := newFixture(t)
	res := f.get(t, "performance", "from=2026-03-01&to=2026-05-01")
	if res.Status != 200 {
		t.Fatalf("status %d: %s", res.Status, res.Raw)
	}
	f.same(t, res.Body, `{
		"from": "2026-03-01", "to": "2026-05-01", "timezone": "America/Guatemala",
		"photographers": [
			{"user_id": "{{pablo}}", "name": "Pablo", "sessions": 3, "covered_hours": "9.33"},
			{"user_id": "{{pia}}", "name": "Pia", "sessions": 1, "covered_hours": "3.25"}
		],
		"editors": [
			{"user_id": "{{elena}}", "name": "Elena", "sessions": 2, "average_editing_days": "4.25", "on_time": 1, "on_time_rate": "50.00"},
			{"user_id": "{{emilio}}", "name": "Emilio", "sessions": 1, "average_editing_days": "5.25", "on_time": 1, "on_time_rate": "100.00"}
		]
	}`)
}

// A narrower range moves every boundary: March alone.
func TestReportsOfOneMonth(t *testing.T) {
	f := newFixture(t)
	res := f.get(t, "financial", "from=2026-03-01&to=2026-04-01")
	if res.Status != 200 {
		t.Fatalf("status %d: %s", res.Status, res.Raw)
	}
	totals, _ := res.Body["totals"].(map[string]any)
	if totals["net"] != "3125.25" {
		t.Fatalf("March net = %v, want 3125.25", totals["net"])
	}
	// As of Apr 1: session 4 has paid only its deposit (1000 of 2000), 3
	// its deposit (600.25 of 1200.50), 8 its deposit (1500 of 3000), and 5
	// its deposit (475 of 950): 1000 + 600.25 + 1500 + 475 = 3575.25.
	out, _ := res.Body["outstanding"].(map[string]any)
	if out["total"] != "3575.25" {
		t.Fatalf("outstanding as of Apr 1 = %v, want 3575.25", out["total"])
	}
	exp, _ := res.Body["expected_revenue"].(map[string]any)
	if exp["total"] != "0.00" || exp["sessions"] != float64(0) {
		t.Fatalf("expected revenue in March = %v, want 0 sessions, 0.00", exp)
	}
	perf := f.get(t, "performance", "from=2026-03-01&to=2026-04-01")
	editors, _ := perf.Body["editors"].([]any)
	if len(editors) != 1 {
		t.Fatalf("editors in March = %v, want only Elena", editors)
	}
}
