package jobs_test

import (
	"testing"

	"github.com/pocketbase/dbx"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/jobs"
	"github.com/studio/studio/internal/lifecycle"
	"github.com/studio/studio/internal/notify"
	"github.com/studio/studio/internal/rbac"
	"github.com/studio/studio/internal/settings"
)

// Pre-scheduled on Monday 2 March: deadline Saturday 7 March 23:59:59
// (Guatemala). The 09:00 run of Friday 6 March reminds (the deadline ends
// tomorrow); Thursday's does not; Friday's rerun and Saturday's do not
// remind again. Sent back to Negotiation and pre-scheduled again on 7
// March, the session has a new deadline (12 March) and one new reminder.
func TestPaymentReminders(t *testing.T) {
	w := newWorld(t)
	h := w.session(domain.StatusPreScheduled, utc("2026-04-01 16:00:00"), nil)
	w.setNow(utc("2026-03-06 14:00:00"))
	other := w.session(domain.StatusPreScheduled, utc("2026-04-02 16:00:00"), nil)
	reminders := func(session string) int {
		return w.count("outbox", dbx.HashExp{"session": session, "template": notify.TemplatePaymentReminder})
	}

	expectCounts(t, w.run(jobs.PaymentRemindersName, utc("2026-03-05 15:00:00")), 0, 0, 0, 0)
	expectCounts(t, w.run(jobs.PaymentRemindersName, utc("2026-03-06 15:00:00")), 1, 1, 0, 0)
	mail, err := w.app.FindFirstRecordByFilter("outbox", "session = {:s} && template = {:t}", dbx.Params{"s": h.Id, "t": notify.TemplatePaymentReminder})
	if err != nil {
		t.Fatal(err)
	}
	data := map[string]any{}
	if err := mail.UnmarshalJSONField("data", &data); err != nil {
		t.Fatal(err)
	}
	if mail.GetString("recipient") != w.client.GetString("email") || mail.GetString("status") != domain.OutboxPending ||
		data[notify.DataDepositAmount] != "500.00" || data[notify.DataTotal] != "1000.00" || data[notify.DataSessionCode] != h.GetString("code") {
		t.Fatalf("reminder: to %s, status %s, data %v", mail.GetString("recipient"), mail.GetString("status"), data)
	}

	expectCounts(t, w.run(jobs.PaymentRemindersName, utc("2026-03-06 15:00:00")), 1, 0, 1, 0)
	expectCounts(t, w.run(jobs.PaymentRemindersName, utc("2026-03-07 15:00:00")), 1, 0, 1, 0)
	if reminders(h.Id) != 1 || reminders(other.Id) != 0 {
		t.Fatalf("reminders: %d and %d, want 1 and 0", reminders(h.Id), reminders(other.Id))
	}
	if s := w.reload(h).GetString("status"); s != domain.StatusPreScheduled {
		t.Fatalf("a reminder moved the session to %s", s)
	}

	// A new deadline is a new reminder.
	w.setNow(utc("2026-03-07 16:00:00"))
	for _, to := range []string{domain.StatusNegotiation, domain.StatusPreScheduled} {
		if _, err := lifecycle.Transition(w.app, h.Id, to, rbac.SystemActor(), lifecycle.Input{}); err != nil {
			t.Fatalf("→ %s: %v", to, err)
		}
	}
	if got := w.reload(h).GetDateTime("payment_deadline").Time(); !got.Equal(utc("2026-03-13 05:59:59")) {
		t.Fatalf("new deadline %s, want 2026-03-13 05:59:59 UTC", got)
	}
	// 11 March 09:00: the other session (deadline 11 March) and h (12 March).
	expectCounts(t, w.run(jobs.PaymentRemindersName, utc("2026-03-11 15:00:00")), 2, 2, 0, 0)
	if reminders(h.Id) != 2 || reminders(other.Id) != 1 {
		t.Fatalf("reminders: %d and %d, want 2 and 1", reminders(h.Id), reminders(other.Id))
	}
}

// In Tokyo (UTC+9): pre-scheduled at 00:00 on 3 March JST, deadline 8
// March 23:59:59 JST; the 09:00 JST run of 7 March (00:00 UTC) reminds,
// the one of 6 March does not.
func TestPaymentRemindersInAnotherTimeZone(t *testing.T) {
	w := newWorld(t)
	rec, err := w.app.FindFirstRecordByFilter(settings.Collection, "")
	if err != nil {
		t.Fatal(err)
	}
	rec.Set("timezone", "Asia/Tokyo")
	if err := w.app.Save(rec); err != nil {
		t.Fatal(err)
	}
	s := w.session(domain.StatusPreScheduled, utc("2026-04-01 01:00:00"), nil)
	expectCounts(t, w.run(jobs.PaymentRemindersName, utc("2026-03-06 00:00:00")), 0, 0, 0, 0)
	expectCounts(t, w.run(jobs.PaymentRemindersName, utc("2026-03-07 00:00:00")), 1, 1, 0, 0)
	if n := w.count("outbox", dbx.HashExp{"session": s.Id, "template": notify.TemplatePaymentReminder}); n != 1 {
		t.Fatalf("%d reminders, want 1", n)
	}
}
