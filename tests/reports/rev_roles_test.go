package reports_test

import (
	"testing"

	ta "github.com/studio/studio/internal/testapp"
)

// Each report.* permission opens its own report and no other: a custom
// role made through the roles collection with exactly one of them reads
// that report (JSON and CSV) and gets 403 FORBIDDEN, naming the missing
// permission, for the other two.
func TestCustomRoleWithOneReportPermission(t *testing.T) {
	f := newFixture(t)
	perms := map[string]string{"sessions": "report.session", "financial": "report.financial", "performance": "report.performance"}
	for only, perm := range perms {
		ta.Create(t, f.app, "roles", map[string]any{"name": "Only " + only, "permissions": []string{perm}})
		token := ta.Token(t, ta.User(t, f.app, "only-"+only, "Only "+only))
		for report, need := range perms {
			for _, format := range []string{"", "&format=csv"} {
				res := ta.Do(t, "GET", f.base+"/api/studio/reports/"+report+"?from=2026-03-01&to=2026-05-01"+format, token, nil)
				if report == only {
					if res.Status != 200 {
						t.Errorf("%s holder reading %s%s: %d %s", perm, report, format, res.Status, res.Raw)
					}
					continue
				}
				if res.Status != 403 || res.FieldCode("session") != "FORBIDDEN" {
					t.Errorf("%s holder reading %s%s: %d %s, want 403 FORBIDDEN", perm, report, format, res.Status, res.Raw)
					continue
				}
				data, _ := res.Body["data"].(map[string]any)
				s, _ := data["session"].(map[string]any)
				params, _ := s["params"].(map[string]any)
				if params["permission"] != need {
					t.Errorf("%s holder reading %s: permission %v, want %s", perm, report, params["permission"], need)
				}
			}
		}
	}
}
