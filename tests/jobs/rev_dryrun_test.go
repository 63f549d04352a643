package jobs_test

import (
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/jobs"
	ta "github.com/studio/studio/internal/testapp"
)

// A dry run of each job counts the work a real run would do and writes
// nothing but its job_runs row: no status, history, payment, email,
// notification, anomaly, mark or high-risk flag. On 8 March 09:00
// Guatemala (15:00Z) there is one unpaid session past its deadline (7
// March), one whose deadline is 9 March (a reminder), one Confirmed
// session of 12 March without resources (past its changes deadline of 5
// March: an alert), one total that differs from its lines, and a client
// with 3 of 3 sessions canceled behind the hooks' back.
func TestDryRunOfEveryJobWritesNothing(t *testing.T) {
	w := newWorld(t)
	unpaid := w.session(domain.StatusPreScheduled, utc("2026-04-01 16:00:00"), nil)
	w.setNow(utc("2026-03-04 15:00:00"))
	w.session(domain.StatusPreScheduled, utc("2026-04-02 16:00:00"), nil)
	w.session(domain.StatusConfirmed, utc("2026-03-12 16:00:00"), nil)
	w.exec("UPDATE sessions SET total = 999 WHERE id = {:id}", dbx.Params{"id": unpaid.Id})
	risky := ta.Client(t, w.app, nil)
	for range 3 {
		s := w.session(domain.StatusRequest, utc("2026-04-10 16:00:00").Add(time.Duration(w.count("sessions", nil))*3*time.Hour),
			map[string]any{"client": risky})
		w.exec("UPDATE sessions SET status = 'Canceled' WHERE id = {:id}", dbx.Params{"id": s.Id})
	}

	snapshot := func() string {
		var out string
		for _, q := range []string{
			"SELECT COALESCE(group_concat(id || status || total || payment_deadline, ','), '') FROM (SELECT * FROM sessions ORDER BY id)",
			"SELECT COALESCE(group_concat(id || high_risk, ','), '') FROM (SELECT * FROM clients ORDER BY id)",
			"SELECT count(*) FROM session_status_history", "SELECT count(*) FROM session_payments",
			"SELECT count(*) FROM outbox", "SELECT count(*) FROM notifications",
			"SELECT count(*) FROM integrity_anomalies", "SELECT count(*) FROM job_marks",
		} {
			var v string
			if err := w.app.DB().NewQuery(q).Row(&v); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			out += q + " = " + v + "\n"
		}
		return out
	}
	before := snapshot()
	at := utc("2026-03-08 15:00:00")
	w.setNow(at)
	for _, c := range []struct {
		name    string
		changed int
	}{
		{jobs.AutoCancelUnpaidName, 1}, {jobs.AutoAssignName, 1}, {jobs.PaymentRemindersName, 1},
		{jobs.IntegrityCheckName, 1}, {jobs.HighRiskClientsName, 1},
	} {
		job, _ := jobs.Find(c.name)
		s, err := jobs.Run(w.app, job, at, jobs.Options{DryRun: true})
		if err != nil || s.Changed != c.changed || s.Errors != 0 || !s.DryRun {
			t.Errorf("%s dry run: changed %d errors %d (%v), want changed %d\n%s", c.name, s.Changed, s.Errors, err, c.changed, s.Text())
		}
		if after := snapshot(); after != before {
			t.Fatalf("%s dry run wrote data:\nbefore:\n%s\nafter:\n%s", c.name, before, after)
		}
	}
	if n := w.count("job_runs", dbx.HashExp{"dry_run": true}); n != 5 {
		t.Fatalf("%d dry-run rows in job_runs, want 5", n)
	}
}
