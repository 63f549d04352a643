package reports_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	ta "github.com/studio/studio/internal/testapp"
)

// Every role × every report: Admin, Coordinator and superusers read them
// (report.* permissions), Photographers and Editors get 403 FORBIDDEN
// naming the permission, guests 401.
func TestReportPermissionMatrix(t *testing.T) {
	f := newFixture(t)
	actors := map[string]*core.Record{
		"admin": f.staff.Admin, "coordinator": f.staff.Coordinator, "photographer": f.staff.Photographer,
		"editor": f.staff.Editor, "superuser": f.staff.Superuser, "guest": nil,
	}
	want := map[string]int{"admin": 200, "coordinator": 200, "superuser": 200, "photographer": 403, "editor": 403, "guest": 401}
	perms := map[string]string{"sessions": "report.session", "financial": "report.financial", "performance": "report.performance"}
	for actor, rec := range actors {
		token := ""
		if rec != nil {
			token = ta.Token(t, rec)
		}
		for report, perm := range perms {
			for _, format := range []string{"", "&format=csv"} {
				res := ta.Do(t, "GET", f.base+"/api/studio/reports/"+report+"?from=2026-03-01&to=2026-05-01"+format, token, nil)
				if res.Status != want[actor] {
					t.Errorf("%s reading %s%s: status %d, want %d (%s)", actor, report, format, res.Status, want[actor], res.Raw)
					continue
				}
				if res.Status == 403 {
					if res.FieldCode("session") != "FORBIDDEN" {
						t.Errorf("%s reading %s: code %q, want FORBIDDEN (%s)", actor, report, res.FieldCode("session"), res.Raw)
					}
					data, _ := res.Body["data"].(map[string]any)
					s, _ := data["session"].(map[string]any)
					params, _ := s["params"].(map[string]any)
					if params["permission"] != perm {
						t.Errorf("%s reading %s: permission %v, want %s", actor, report, params["permission"], perm)
					}
				}
			}
		}
	}
}

// Bad dates and ranges answer 400 VALIDATION_ERROR on the parameter.
func TestReportBadInput(t *testing.T) {
	f := newFixture(t)
	cases := []struct{ query, field string }{
		{"to=2026-05-01", "from"},
		{"from=2026-03-01", "to"},
		{"from=2026-13-01&to=2026-05-01", "from"},
		{"from=01/03/2026&to=2026-05-01", "from"},
		{"from=2026-03-01&to=2026-02-30", "to"},
		{"from=2026-03-01&to=2026-03-01", "to"},
		{"from=2026-05-01&to=2026-03-01", "to"},
		{"from=2000-01-01&to=2026-03-01", "to"},
		{"from=2026-03-01&to=2026-05-01&format=xml", "format"},
	}
	for _, report := range []string{"sessions", "financial", "performance"} {
		for _, c := range cases {
			res := f.get(t, report, c.query)
			if res.Status != 400 || res.FieldCode(c.field) != "VALIDATION_ERROR" {
				t.Errorf("%s?%s: status %d code %q on %s, want 400 VALIDATION_ERROR (%s)", report, c.query, res.Status, res.FieldCode(c.field), c.field, res.Raw)
			}
		}
	}
}

// The CSV carries the same figures in long form, as a download.
func TestReportCSV(t *testing.T) {
	f := newFixture(t)
	req, _ := http.NewRequest("GET", f.base+"/api/studio/reports/financial?from=2026-03-01&to=2026-05-01&format=csv", nil)
	req.Header.Set("Authorization", ta.Token(t, f.staff.Coordinator))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("status %d, type %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if cd := res.Header.Get("Content-Disposition"); cd != `attachment; filename="financial_2026-03-01_2026-05-01.csv"` {
		t.Fatalf("Content-Disposition %q", cd)
	}
	lines := strings.Split(strings.TrimSpace(string(body)), "\n")
	if lines[0] != "section,key,name,metric,value" {
		t.Fatalf("header %q", lines[0])
	}
	for _, want := range []string{
		"by_month,2026-03,,deposits,2475.25",
		"by_month,2026-03,,net,3125.25",
		"by_month,2026-04,,balances,975.00",
		"totals,total,,net,4100.25",
		"outstanding,fixsession00008,S-2026-00008 Bruno Barrios,outstanding,1500.00",
		"outstanding_total,,,outstanding,2600.25",
		"expected_revenue,,,total,3200.50",
	} {
		found := false
		for _, l := range lines {
			if l == want {
				found = true
			}
		}
		if !found {
			t.Errorf("CSV lacks %q:\n%s", want, body)
		}
	}
}
