package jobs_test

import (
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/jobs"
	"github.com/studio/studio/internal/notify"
	"github.com/studio/studio/internal/settings"
	ta "github.com/studio/studio/internal/testapp"
)

// Pre-scheduled at 09:00 on Monday 2 March (Guatemala) with the default 5
// days: the payment deadline is Saturday 7 March 23:59:59 Guatemala time,
// 8 March 05:59:59 UTC; the midnight run of Sunday 8 March (06:00 UTC)
// cancels it, the run a minute before does not.
func TestAutoCancelUnpaid(t *testing.T) {
	w := newWorld(t)
	far := t0.Add(30 * 24 * time.Hour)
	a := w.session(domain.StatusPreScheduled, far, nil)
	d := w.session(domain.StatusPreScheduled, far.Add(4*time.Hour), nil)
	c := w.session(domain.StatusConfirmed, far.Add(8*time.Hour), nil)
	w.setNow(t0.Add(24 * time.Hour))
	b := w.session(domain.StatusPreScheduled, far.Add(12*time.Hour), nil)

	if got := w.reload(a).GetDateTime("payment_deadline").Time(); !got.Equal(utc("2026-03-08 05:59:59")) {
		t.Fatalf("deadline of a = %s, want 2026-03-08 05:59:59 UTC", got)
	}
	expectCounts(t, w.run(jobs.AutoCancelUnpaidName, utc("2026-03-08 05:59:00")), 0, 0, 0, 0)

	midnight := utc("2026-03-08 06:00:00")
	s := w.run(jobs.AutoCancelUnpaidName, midnight)
	expectCounts(t, s, 2, 2, 0, 0)

	for _, r := range []string{a.Id, d.Id} {
		got, _ := w.app.FindRecordById("sessions", r)
		if got.GetString("status") != domain.StatusCanceled || got.GetString("cancellation_initiator") != domain.InitiatorSystem ||
			got.GetString("cancellation_reason") != "Payment deadline expired" || !got.GetDateTime("canceled_at").Time().Equal(midnight) {
			t.Fatalf("session %s: status %q initiator %q reason %q canceled_at %s", got.GetString("code"), got.GetString("status"),
				got.GetString("cancellation_initiator"), got.GetString("cancellation_reason"), got.GetDateTime("canceled_at"))
		}
		hist := w.count("session_status_history", dbx.HashExp{"session": r, "new_status": domain.StatusCanceled,
			"previous_status": domain.StatusPreScheduled, "reason": "Payment deadline expired", "changed_by": ""})
		mails := w.count("outbox", dbx.HashExp{"session": r, "template": notify.TemplateCancellation, "recipient": w.client.GetString("email")})
		if hist != 1 || mails != 1 {
			t.Fatalf("session %s: %d history entries, %d cancellation emails; want 1 and 1", got.GetString("code"), hist, mails)
		}
	}
	if w.count("session_payments", dbx.HashExp{"session": a.Id}) != 0 {
		t.Fatal("a session with nothing paid got a payment")
	}
	for _, r := range []struct {
		id, status string
	}{{b.Id, domain.StatusPreScheduled}, {c.Id, domain.StatusConfirmed}} {
		if got, _ := w.app.FindRecordById("sessions", r.id); got.GetString("status") != r.status {
			t.Fatalf("session %s moved to %s", got.GetString("code"), got.GetString("status"))
		}
		if n := w.count("outbox", dbx.HashExp{"session": r.id, "template": notify.TemplateCancellation}); n != 0 {
			t.Fatalf("untouched session has %d cancellation emails", n)
		}
	}

	expectCounts(t, w.run(jobs.AutoCancelUnpaidName, midnight), 0, 0, 0, 0)
	if n := w.count("outbox", dbx.HashExp{"template": notify.TemplateCancellation}); n != 2 {
		t.Fatalf("after a second run: %d cancellation emails, want 2", n)
	}

	expectCounts(t, w.run(jobs.AutoCancelUnpaidName, utc("2026-03-09 06:00:00")), 1, 1, 0, 0)
	if got := w.reload(b); got.GetString("status") != domain.StatusCanceled {
		t.Fatalf("b not canceled the next night: %s", got.GetString("status"))
	}

	runs, err := w.app.FindRecordsByFilter("job_runs", "job = {:j}", "started", 0, 0, dbx.Params{"j": jobs.AutoCancelUnpaidName})
	if err != nil || len(runs) != 4 {
		t.Fatalf("job_runs: %d rows (%v), want 4", len(runs), err)
	}
	second := runs[1]
	if second.GetInt("examined") != 2 || second.GetInt("changed") != 2 || second.GetDateTime("finished").IsZero() || second.GetString("summary") == "" {
		t.Fatalf("job_runs row of the midnight run: %v", second.FieldsData())
	}
}

// With the studio in Tokyo (UTC+9), set by an Admin over the API: the
// scheduler follows at once, and the deadline is the end of the day in
// Tokyo. Pre-scheduled at 00:00 on Tuesday 3 March Tokyo time (15:00 UTC
// on the 2nd), the deadline is Sunday 8 March 23:59:59 JST (14:59:59 UTC).
func TestAutoCancelInAnotherTimeZone(t *testing.T) {
	w := newWorld(t)
	base := ta.Serve(t, w.app)
	if got := jobs.Timezone(w.app); got != "America/Guatemala" {
		t.Fatalf("scheduler zone at start = %q", got)
	}
	rec, err := w.app.FindFirstRecordByFilter(settings.Collection, "")
	if err != nil {
		t.Fatal(err)
	}
	res := ta.Do(t, "PATCH", base+"/api/collections/studio_settings/records/"+rec.Id, ta.Token(t, w.staff.Admin), map[string]any{"timezone": "Asia/Tokyo"})
	if res.Status != 200 {
		t.Fatalf("set time zone: %d %s", res.Status, res.Raw)
	}
	if got := jobs.Timezone(w.app); got != "Asia/Tokyo" {
		t.Fatalf("scheduler zone after the change = %q, want Asia/Tokyo", got)
	}

	a := w.session(domain.StatusPreScheduled, t0.Add(30*24*time.Hour), nil)
	if got := w.reload(a).GetDateTime("payment_deadline").Time(); !got.Equal(utc("2026-03-08 14:59:59")) {
		t.Fatalf("deadline = %s, want 2026-03-08 14:59:59 UTC", got)
	}
	expectCounts(t, w.run(jobs.AutoCancelUnpaidName, utc("2026-03-08 14:59:00")), 0, 0, 0, 0)
	expectCounts(t, w.run(jobs.AutoCancelUnpaidName, utc("2026-03-08 15:00:00")), 1, 1, 0, 0)
	if got := w.reload(a); got.GetString("status") != domain.StatusCanceled {
		t.Fatalf("status %s", got.GetString("status"))
	}
	expectCounts(t, w.run(jobs.AutoCancelUnpaidName, utc("2026-03-08 15:00:00")), 0, 0, 0, 0)
}
