package jobs_test

import (
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	ta "github.com/studio/studio/internal/testapp"
)

// Asking to run a job that does not exist answers 404 with a message that
// names the job asked for and the jobs there are; a user without
// system.settings gets 403 FORBIDDEN (docs/rules.md §10) naming the
// permission, on the run route and on the list, and nothing runs.
func TestJobsAPIRefusalsAreClear(t *testing.T) {
	w := newWorld(t)
	base := ta.Serve(t, w.app)
	admin := ta.Token(t, w.staff.Admin)
	res := ta.Do(t, "POST", base+"/api/studio/jobs/nightly-coffee/run", admin, nil)
	if res.Status != 404 {
		t.Fatalf("unknown job: %d %s", res.Status, res.Raw)
	}
	for _, want := range []string{`"nightly-coffee"`, "auto-cancel-unpaid", "auto-assign", "payment-reminders", "integrity-check", "high-risk-clients"} {
		if !strings.Contains(res.Message(), want) {
			t.Errorf("404 message %q lacks %s", res.Message(), want)
		}
	}
	for _, rec := range []*core.Record{w.staff.Coordinator, w.staff.Photographer, w.staff.Editor} {
		token := ta.Token(t, rec)
		for _, r := range []struct{ method, url string }{
			{"POST", base + "/api/studio/jobs/auto-cancel-unpaid/run"}, {"GET", base + "/api/studio/jobs"},
		} {
			res := ta.Do(t, r.method, r.url, token, nil)
			data, _ := res.Body["data"].(map[string]any)
			field, _ := data["session"].(map[string]any)
			params, _ := field["params"].(map[string]any)
			if res.Status != 403 || res.FieldCode("session") != domain.CodeForbidden || params["permission"] != "system.settings" {
				t.Errorf("%s %s %s: %d %s, want 403 FORBIDDEN naming system.settings", rec.GetString("name"), r.method, r.url, res.Status, res.Raw)
			}
		}
	}
	if n := w.count("job_runs", nil); n != 0 {
		t.Fatalf("%d job runs after refused requests, want 0", n)
	}
}
