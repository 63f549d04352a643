// Package reports_test checks the reports of docs/rules.md §9 over HTTP
// against a hand-computed fixture, and who may read them.
package reports_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/rbac"
	ta "github.com/studio/studio/internal/testapp"
)

// fixture is a studio in America/Guatemala (UTC−6) whose rows are written
// straight into the tables, so that every date, status and history entry
// is exactly the one the expected figures were computed from by hand (see
// the comments of each test). The range under test is [2026-03-01,
// 2026-05-01), i.e. [06:00Z Mar 1, 06:00Z May 1).
type fixture struct {
	app   core.App
	base  string
	staff *ta.Staff
	names map[string]string
}

// sessionRow is one fixture session.
type sessionRow struct {
	id, code, client, kind, status, starts, created, editor, delivery string
	total                                                             string
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	app := ta.New(t)
	f := &fixture{app: app, staff: ta.NewStaff(t, app), names: map[string]string{}}
	ana := ta.Client(t, app, map[string]any{"full_name": "Ana Alvarez"})
	bruno := ta.Client(t, app, map[string]any{"full_name": "Bruno Barrios"})
	carla := ta.Client(t, app, map[string]any{"full_name": "Carla Cruz"})
	pablo := ta.User(t, app, "Pablo", rbac.RolePhotographer)
	pia := ta.User(t, app, "Pia", rbac.RolePhotographer)
	elena := ta.User(t, app, "Elena", rbac.RoleEditor)
	emilio := ta.User(t, app, "Emilio", rbac.RoleEditor)
	for k, r := range map[string]*core.Record{"ana": ana, "bruno": bruno, "carla": carla, "pablo": pablo, "pia": pia, "elena": elena, "emilio": emilio} {
		f.names[k] = r.Id
	}
	id := func(key string) string { return f.names[key] }

	sessions := []sessionRow{
		{"fixsession00001", "S-2026-00001", id("ana"), "Studio", "Completed", "2026-03-05 16:00:00.000Z", "2026-02-10 12:00:00.000Z", id("elena"), "2026-03-10 16:00:00.000Z", "1500"},
		{"fixsession00002", "S-2026-00002", id("ana"), "External", "Canceled", "2026-03-20 18:00:00.000Z", "2026-03-02 15:00:00.000Z", "", "", "800"},
		{"fixsession00003", "S-2026-00003", id("bruno"), "Studio", "Confirmed", "2026-04-10 15:00:00.000Z", "2026-03-15 14:00:00.000Z", "", "", "1200.5"},
		{"fixsession00004", "S-2026-00004", id("bruno"), "External", "Assigned", "2026-04-25 20:00:00.000Z", "2026-03-20 16:00:00.000Z", "", "2026-04-30 20:00:00.000Z", "2000"},
		{"fixsession00005", "S-2026-00005", id("carla"), "Studio", "Ready for Delivery", "2026-04-02 16:00:00.000Z", "2026-03-01 05:00:00.000Z", id("emilio"), "2026-04-07 16:00:00.000Z", "950"},
		{"fixsession00006", "S-2026-00006", id("carla"), "Studio", "Canceled", "2026-05-01 05:30:00.000Z", "2026-04-05 12:00:00.000Z", "", "", "0"},
		{"fixsession00007", "S-2026-00007", id("ana"), "Studio", "Request", "2026-05-01 06:00:00.000Z", "2026-04-20 12:00:00.000Z", "", "", "0"},
		{"fixsession00008", "S-2026-00008", id("bruno"), "External", "In Editing", "2026-02-27 18:00:00.000Z", "2026-02-01 12:00:00.000Z", id("elena"), "2026-03-04 18:00:00.000Z", "3000"},
		{"fixsession00009", "S-2026-00009", id("carla"), "Studio", "Completed", "2026-03-12 16:00:00.000Z", "2026-02-15 12:00:00.000Z", id("elena"), "2026-03-14 16:00:00.000Z", "600"},
		{"fixsession00011", "S-2026-00011", id("ana"), "Studio", "Confirmed", "2026-06-01 16:00:00.000Z", "2026-05-02 12:00:00.000Z", "", "", "999"},
	}
	for _, s := range sessions {
		location := ""
		if s.kind == "External" {
			location = "Antigua"
		}
		exec(t, app, `INSERT INTO sessions (id, code, client, session_type, status, starts_at, ends_at, location, assigned_editor,
			estimated_delivery_date, subtotal, total, created, updated)
			VALUES ({:id}, {:code}, {:client}, {:kind}, {:status}, {:starts}, {:starts}, {:location}, {:editor}, {:delivery}, {:total}, {:total}, {:created}, {:created})`,
			dbx.Params{"id": s.id, "code": s.code, "client": s.client, "kind": s.kind, "status": s.status, "starts": s.starts,
				"location": location, "editor": s.editor, "delivery": s.delivery, "total": s.total, "created": s.created})
	}

	history := [][4]string{ // session, previous, new, when
		{"1", "Pre-scheduled", "Confirmed", "2026-02-15 12:00:00.000Z"},
		{"1", "Assigned", "Attended", "2026-03-05 18:00:00.000Z"},
		{"1", "In Editing", "Ready for Delivery", "2026-03-09 18:00:00.000Z"},
		{"1", "Ready for Delivery", "Completed", "2026-03-12 12:00:00.000Z"},
		{"2", "Pre-scheduled", "Confirmed", "2026-03-05 12:00:00.000Z"},
		{"2", "Confirmed", "Canceled", "2026-03-10 12:00:00.000Z"},
		{"3", "Pre-scheduled", "Confirmed", "2026-03-20 12:00:00.000Z"},
		{"4", "Pre-scheduled", "Confirmed", "2026-03-25 12:00:00.000Z"},
		{"4", "Confirmed", "Assigned", "2026-04-19 12:00:00.000Z"},
		{"5", "Pre-scheduled", "Confirmed", "2026-03-10 12:00:00.000Z"},
		{"5", "Assigned", "Attended", "2026-04-02 18:00:00.000Z"},
		{"5", "In Editing", "Ready for Delivery", "2026-04-08 00:00:00.000Z"},
		{"6", "Request", "Canceled", "2026-04-06 12:00:00.000Z"},
		{"8", "Pre-scheduled", "Confirmed", "2026-02-05 12:00:00.000Z"},
		{"8", "Assigned", "Attended", "2026-02-27 20:00:00.000Z"},
		{"8", "Attended", "In Editing", "2026-03-01 12:00:00.000Z"},
		{"9", "Pre-scheduled", "Confirmed", "2026-02-20 12:00:00.000Z"},
		{"9", "Assigned", "Attended", "2026-03-12 18:00:00.000Z"},
		{"9", "In Editing", "Ready for Delivery", "2026-03-17 06:00:00.000Z"},
		{"9", "Ready for Delivery", "Completed", "2026-03-20 12:00:00.000Z"},
		{"11", "Pre-scheduled", "Confirmed", "2026-05-03 12:00:00.000Z"},
	}
	for i, h := range history {
		exec(t, app, `INSERT INTO session_status_history (id, session, previous_status, new_status, created, updated)
			VALUES ({:id}, {:session}, {:from}, {:to}, {:at}, {:at})`,
			dbx.Params{"id": fmt.Sprintf("fixhistory%05d", i), "session": sessionID(h[0]), "from": h[1], "to": h[2], "at": h[3]})
	}

	payments := [][5]string{ // session, type, status, amount, date
		{"1", "Deposit", "Verified", "750", "2026-02-15 12:00:00.000Z"},
		{"1", "Balance", "Verified", "750", "2026-03-05 20:00:00.000Z"},
		{"2", "Deposit", "Verified", "400", "2026-03-05 12:00:00.000Z"},
		{"2", "Refund", "Verified", "400", "2026-03-10 12:00:00.000Z"},
		{"3", "Deposit", "Verified", "600.25", "2026-03-20 12:00:00.000Z"},
		{"3", "Balance", "Pending", "300", "2026-04-01 12:00:00.000Z"},
		{"4", "Deposit", "Verified", "1000", "2026-03-25 12:00:00.000Z"},
		{"4", "Balance", "Verified", "500", "2026-05-01 05:59:00.000Z"},
		{"4", "Balance", "Rejected", "100", "2026-04-10 12:00:00.000Z"},
		{"5", "Deposit", "Verified", "475", "2026-03-10 12:00:00.000Z"},
		{"5", "Balance", "Verified", "475", "2026-04-08 12:00:00.000Z"},
		{"8", "Deposit", "Verified", "1500", "2026-02-05 12:00:00.000Z"},
		{"8", "Balance", "Verified", "700", "2026-05-02 12:00:00.000Z"},
		{"9", "Deposit", "Verified", "300", "2026-03-01 05:00:00.000Z"},
		{"9", "Balance", "Verified", "300", "2026-03-12 20:00:00.000Z"},
	}
	for i, p := range payments {
		exec(t, app, `INSERT INTO session_payments (id, session, payment_type, payment_status, amount, document_number, method, payment_date, created, updated)
			VALUES ({:id}, {:session}, {:type}, {:status}, {:amount}, {:doc}, 'Cash', {:date}, {:date}, {:date})`,
			dbx.Params{"id": fmt.Sprintf("fixpayment%05d", i), "session": sessionID(p[0]), "type": p[1], "status": p[2],
				"amount": p[3], "doc": fmt.Sprintf("DOC-%d", i), "date": p[4]})
	}

	assignments := [][5]string{ // session, photographer, status, start, end
		{"1", "pablo", "Confirmed", "2026-03-05 15:30:00.000Z", "2026-03-05 18:30:00.000Z"},
		{"1", "pia", "Reassigned", "2026-03-05 15:30:00.000Z", "2026-03-05 18:30:00.000Z"},
		{"2", "pablo", "Confirmed", "2026-03-20 17:00:00.000Z", "2026-03-20 21:00:00.000Z"},
		{"4", "pia", "Assigned", "2026-04-25 19:00:00.000Z", "2026-04-25 23:00:00.000Z"},
		{"5", "pia", "Confirmed", "2026-04-02 15:00:00.000Z", "2026-04-02 18:15:00.000Z"},
		{"5", "pablo", "Confirmed", "2026-04-02 16:00:00.000Z", "2026-04-02 18:00:00.000Z"},
		{"8", "pablo", "Confirmed", "2026-02-27 17:00:00.000Z", "2026-02-27 21:00:00.000Z"},
		{"9", "pablo", "Confirmed", "2026-03-12 15:00:00.000Z", "2026-03-12 19:20:00.000Z"},
	}
	for i, a := range assignments {
		exec(t, app, `INSERT INTO session_photographers (id, session, photographer, assignment_status, coverage_start, coverage_end, created, updated)
			VALUES ({:id}, {:session}, {:photographer}, {:status}, {:start}, {:end}, {:start}, {:start})`,
			dbx.Params{"id": fmt.Sprintf("fixassignmen%03d", i), "session": sessionID(a[0]), "photographer": id(a[1]),
				"status": a[2], "start": a[3], "end": a[4]})
	}
	f.base = ta.Serve(t, app)
	return f
}

// sessionID is the id of fixture session n.
func sessionID(n string) string { return "fixsession" + strings.Repeat("0", 5-len(n)) + n }

func exec(t *testing.T, app core.App, q string, p dbx.Params) {
	t.Helper()
	if _, err := app.DB().NewQuery(q).Bind(p).Execute(); err != nil {
		t.Fatalf("fixture: %v", err)
	}
}

// get asks a report as the admin.
func (f *fixture) get(t *testing.T, report, query string) ta.Response {
	t.Helper()
	return ta.Do(t, "GET", f.base+"/api/studio/reports/"+report+"?"+query, ta.Token(t, f.staff.Admin), nil)
}
