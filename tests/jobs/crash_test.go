package jobs_test

import (
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/jobs"
	"github.com/studio/studio/internal/notify"
)

// A job process killed (SIGKILL) right after its 10th session of 30: the
// 10 done sessions are complete (status, history and email together), the
// rest untouched; the next run does the other 20, and no session gets a
// second reminder, a second cancellation or a second email.
func TestJobProcessKilledMidRun(t *testing.T) {
	w := newWorld(t)
	var ids []string
	for i := range 30 {
		ids = append(ids, w.session(domain.StatusPreScheduled, t0.Add(30*24*time.Hour+time.Duration(i)*3*time.Hour), nil).Id)
	}
	dir := w.app.DataDir()
	perSession := func(what string, count func(id string) int, want int) {
		t.Helper()
		for _, id := range ids {
			if n := count(id); n != want {
				t.Fatalf("%s: session %s has %d, want %d", what, id, n, want)
			}
		}
	}
	reminders := func(id string) int {
		return w.count("outbox", dbx.HashExp{"session": id, "template": notify.TemplatePaymentReminder})
	}
	cancellations := func(id string) int {
		return w.count("outbox", dbx.HashExp{"session": id, "template": notify.TemplateCancellation}) +
			w.count("session_status_history", dbx.HashExp{"session": id, "new_status": domain.StatusCanceled})
	}
	unfinished := func(job string) int {
		return w.count("job_runs", dbx.HashExp{"job": job, "finished": ""})
	}

	remindAt := utc("2026-03-06 15:00:00")
	if c := runJobProcess(t, dir, jobs.PaymentRemindersName, remindAt, 10); !c.killed {
		t.Fatalf("the reminder process was not killed:\n%s", c.out)
	}
	if n := w.count("outbox", dbx.HashExp{"template": notify.TemplatePaymentReminder}); n != 10 {
		t.Fatalf("%d reminders after the crash, want 10", n)
	}
	if unfinished(jobs.PaymentRemindersName) != 1 {
		t.Fatal("the killed run left no unfinished job_runs row")
	}
	runJobProcess(t, dir, jobs.PaymentRemindersName, remindAt, 0)
	runJobProcess(t, dir, jobs.PaymentRemindersName, remindAt.Add(24*time.Hour), 0)
	perSession("reminders", reminders, 1)

	cancelAt := utc("2026-03-08 06:00:00")
	if c := runJobProcess(t, dir, jobs.AutoCancelUnpaidName, cancelAt, 10); !c.killed {
		t.Fatalf("the auto-cancel process was not killed:\n%s", c.out)
	}
	if n := w.count("sessions", dbx.HashExp{"status": domain.StatusCanceled}); n != 10 {
		t.Fatalf("%d sessions canceled after the crash, want 10", n)
	}
	if n := w.count("outbox", dbx.HashExp{"template": notify.TemplateCancellation}); n != 10 {
		t.Fatalf("%d cancellation emails after the crash, want 10", n)
	}
	c := runJobProcess(t, dir, jobs.AutoCancelUnpaidName, cancelAt, 0)
	if !contains(c.out, "examined 20, changed 20, skipped 0, errors 0") {
		t.Fatalf("the run after the crash: %s", c.out)
	}
	runJobProcess(t, dir, jobs.AutoCancelUnpaidName, cancelAt, 0)
	perSession("cancellation emails + history entries", cancellations, 2)
	if n := w.count("sessions", dbx.HashExp{"status": domain.StatusCanceled}); n != 30 {
		t.Fatalf("%d sessions canceled, want 30", n)
	}
}
