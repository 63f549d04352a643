package jobs_test

import (
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/jobs"
	"github.com/studio/studio/internal/notify"
	ta "github.com/studio/studio/internal/testapp"
)

// POST /api/studio/jobs/{name}/run is for holders of system.settings: a
// dry run reports and writes nothing but its job_runs row; a real run
// does the work; job_runs is readable by Admins and superusers only.
func TestJobsAPI(t *testing.T) {
	w := newWorld(t)
	base := ta.Serve(t, w.app)
	s := w.session(domain.StatusPreScheduled, t0.Add(30*24*time.Hour), nil)
	w.setNow(utc("2026-03-08 06:00:00"))
	admin, coordinator := ta.Token(t, w.staff.Admin), ta.Token(t, w.staff.Coordinator)
	root := ta.Token(t, w.staff.Superuser)
	url := base + "/api/studio/jobs/" + jobs.AutoCancelUnpaidName + "/run"

	for _, c := range []struct {
		name, url, token string
		status           int
		code             string
	}{
		{"guest", url, "", 401, ""},
		{"coordinator", url, coordinator, 403, domain.CodeForbidden},
		{"unknown job", base + "/api/studio/jobs/nightly-coffee/run", admin, 404, ""},
		{"bad dry_run", url + "?dry_run=maybe", admin, 400, domain.CodeValidation},
	} {
		res := ta.Do(t, "POST", c.url, c.token, nil)
		if res.Status != c.status || (c.code != "" && res.FieldCode(fieldOf(c.code)) != c.code) {
			t.Fatalf("%s: %d %s", c.name, res.Status, res.Raw)
		}
	}
	if w.count("job_runs", nil) != 0 {
		t.Fatal("a refused request ran the job")
	}

	res := ta.Do(t, "POST", url+"?dry_run=1", admin, nil)
	if res.Status != 200 || res.Body["changed"] != float64(1) || res.Body["dry_run"] != true {
		t.Fatalf("dry run: %d %s", res.Status, res.Raw)
	}
	if st := w.reload(s).GetString("status"); st != domain.StatusPreScheduled ||
		w.count("outbox", dbx.HashExp{"template": notify.TemplateCancellation}) != 0 ||
		w.count("session_status_history", dbx.HashExp{"session": s.Id, "new_status": domain.StatusCanceled}) != 0 {
		t.Fatalf("dry run changed data: status %s", st)
	}

	res = ta.Do(t, "POST", url, root, nil)
	if res.Status != 200 || res.Body["changed"] != float64(1) || res.Body["dry_run"] != false {
		t.Fatalf("run: %d %s", res.Status, res.Raw)
	}
	if st := w.reload(s).GetString("status"); st != domain.StatusCanceled {
		t.Fatalf("run left the session %s", st)
	}

	list := base + "/api/collections/job_runs/records"
	for _, c := range []struct {
		who, token string
		items      int
	}{{"admin", admin, 2}, {"superuser", root, 2}, {"coordinator", coordinator, 0}} {
		res := ta.Do(t, "GET", list, c.token, nil)
		if res.Status != 200 || len(res.Items()) != c.items {
			t.Fatalf("%s lists job_runs: %d, %d items; want %d", c.who, res.Status, len(res.Items()), c.items)
		}
	}
	if res := ta.Do(t, "GET", list, "", nil); res.Status != 200 || len(res.Items()) != 0 {
		t.Fatalf("guest lists job_runs: %d %s", res.Status, res.Raw)
	}
	if res := ta.Do(t, "GET", base+"/api/studio/jobs", admin, nil); res.Status != 200 || len(res.Raw) < 10 {
		t.Fatalf("job list: %d %s", res.Status, res.Raw)
	}
}

// fieldOf is where each error code sits in the answer of these requests.
func fieldOf(code string) string {
	if code == domain.CodeValidation {
		return "dry_run"
	}
	return "session"
}

// high_risk is derived: neither a coordinator nor a superuser sets it over
// the API, on create or update; other edits of a flagged client go through.
func TestHighRiskFlagIsDerived(t *testing.T) {
	w := newWorld(t)
	base := ta.Serve(t, w.app)
	w.exec("UPDATE clients SET high_risk = 1 WHERE id = {:id}", dbx.Params{"id": w.client.Id})
	url := base + "/api/collections/clients/records"
	for _, token := range []string{ta.Token(t, w.staff.Coordinator), ta.Token(t, w.staff.Superuser)} {
		res := ta.Do(t, "PATCH", url+"/"+w.client.Id, token, map[string]any{"high_risk": false})
		if res.Status != 400 || res.FieldCode("high_risk") != domain.CodeValidation {
			t.Fatalf("unset the flag: %d %s", res.Status, res.Raw)
		}
		res = ta.Do(t, "POST", url, token, map[string]any{"full_name": "Flagged", "email": ta.Unique("f") + "@example.com",
			"primary_phone": "1", "client_type": domain.ClientIndividual, "status": domain.Active, "high_risk": true})
		if res.Status != 400 || res.FieldCode("high_risk") != domain.CodeValidation {
			t.Fatalf("create flagged: %d %s", res.Status, res.Raw)
		}
		res = ta.Do(t, "PATCH", url+"/"+w.client.Id, token, map[string]any{"notes": "called twice", "high_risk": true})
		if res.Status != 200 {
			t.Fatalf("edit a flagged client: %d %s", res.Status, res.Raw)
		}
	}
	if !w.reload(w.client).GetBool("high_risk") {
		t.Fatal("the flag changed")
	}
}
