package notify_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/notify"
)

func intent(to string) notify.EmailIntent {
	return notify.EmailIntent{Template: notify.TemplateConfirmation, Recipient: to, Data: facts()}
}

func TestTemporaryFailuresAreRetriedWithExponentialBackoff(t *testing.T) {
	t.Parallel()
	h := newHarness(t, notify.WorkerOptions{MaxAttempts: 5})
	h.mail.Plan(func(n int) behaviour {
		if n <= 2 {
			return tempFail
		}
		return accept
	})
	e := h.queue(intent("retry@example.com"))

	h.pass()
	e = h.entry(e.Id)
	mustStatus(t, e, domain.OutboxPending, 1)
	if !strings.Contains(e.GetString("last_error"), "451") {
		t.Errorf("last_error %q does not keep the 451 answer", e.GetString("last_error"))
	}
	// base 30s, equal jitter at 0.5: 15s + 7.5s
	first := e.GetDateTime("next_attempt_at").Time().Sub(h.now)
	if first != 22500*time.Millisecond {
		t.Errorf("first retry in %v, want 22.5s", first)
	}
	if p := h.pass(); p.Claimed != 0 {
		t.Fatalf("an entry was retried before its backoff elapsed: %+v", p)
	}

	h.advance(first)
	h.pass()
	e = h.entry(e.Id)
	mustStatus(t, e, domain.OutboxPending, 2)
	second := e.GetDateTime("next_attempt_at").Time().Sub(h.now)
	if second != 2*first {
		t.Errorf("second retry in %v, want double the first (%v)", second, 2*first)
	}

	h.advance(second)
	h.pass()
	mustStatus(t, h.entry(e.Id), domain.OutboxSent, 3)
	if n := len(h.mail.Messages()); n != 1 {
		t.Errorf("received %d messages, want 1", n)
	}
}

func TestRefusedConnectionIsTransient(t *testing.T) {
	t.Parallel()
	h := newHarness(t, notify.WorkerOptions{})
	e := h.queue(intent("refused@example.com"))
	h.mail.Close()
	if p := h.pass(); p.Retried != 1 {
		t.Fatalf("pass %+v, want one retry", p)
	}
	e = h.entry(e.Id)
	mustStatus(t, e, domain.OutboxPending, 1)
	if !strings.Contains(e.GetString("last_error"), "refused") {
		t.Errorf("last_error %q does not say the connection was refused", e.GetString("last_error"))
	}
}

func TestSlowServerTimesOutAndIsRetried(t *testing.T) {
	t.Parallel()
	h := newHarness(t, notify.WorkerOptions{})
	h.env["STUDIO_SMTP_TIMEOUT"] = "300ms"
	h.mail.Plan(func(n int) behaviour {
		if n == 1 {
			return block
		}
		return accept
	})
	e := h.queue(intent("slow@example.com"))
	if p := h.pass(); p.Retried != 1 {
		t.Fatalf("pass %+v, want one retry", p)
	}
	mustStatus(t, h.entry(e.Id), domain.OutboxPending, 1)
	h.mail.Close() // the held message is answered; the retry meets a closed server
}

func TestDroppedConnectionIsRetriedAndDeliveredAtMostTwice(t *testing.T) {
	t.Parallel()
	h := newHarness(t, notify.WorkerOptions{})
	h.mail.Plan(func(n int) behaviour {
		if n == 1 {
			return drop
		}
		return accept
	})
	e := h.queue(intent("dropped@example.com"))
	h.pass()
	e = h.entry(e.Id)
	mustStatus(t, e, domain.OutboxPending, 1)
	h.advance(time.Hour)
	h.pass()
	e = h.entry(e.Id)
	mustStatus(t, e, domain.OutboxSent, 2)
	got := h.mail.Messages()
	if len(got) != 2 {
		t.Fatalf("received %d copies, want 2 (the dropped one and the retry)", len(got))
	}
	if got[0].MessageID != got[1].MessageID || got[1].MessageID != e.GetString("message_id") {
		t.Errorf("copies carry different Message-IDs %q, %q (stored %q)", got[0].MessageID, got[1].MessageID, e.GetString("message_id"))
	}
}

func TestPermanentFailureKeepsTheReasonAndIsNotRetried(t *testing.T) {
	t.Parallel()
	h := newHarness(t, notify.WorkerOptions{})
	h.mail.Plan(func(int) behaviour { return permFail })
	e := h.queue(intent("nobody@example.com"))
	if p := h.pass(); p.Failed != 1 {
		t.Fatalf("pass %+v, want one failure", p)
	}
	e = h.entry(e.Id)
	mustStatus(t, e, domain.OutboxFailed, 1)
	if !strings.Contains(e.GetString("last_error"), "550") {
		t.Errorf("last_error %q does not keep the 550 answer", e.GetString("last_error"))
	}
	h.advance(48 * time.Hour)
	if p := h.pass(); p.Claimed != 0 {
		t.Fatalf("a Failed entry was claimed again: %+v", p)
	}

	// an Admin's retry gives it a fresh budget; this time the server accepts
	h.mail.Plan(func(int) behaviour { return accept })
	if _, err := notify.Retry(h.app, e.Id); err != nil {
		t.Fatal(err)
	}
	mustStatus(t, h.entry(e.Id), domain.OutboxPending, 0)
	h.pass()
	mustStatus(t, h.entry(e.Id), domain.OutboxSent, 1)
	if _, err := notify.Retry(h.app, e.Id); err == nil {
		t.Error("a Sent entry was retried")
	}
}

func TestTransientFailuresGiveUpAfterMaxAttempts(t *testing.T) {
	t.Parallel()
	h := newHarness(t, notify.WorkerOptions{MaxAttempts: 3})
	h.mail.Plan(func(int) behaviour { return tempFail })
	e := h.queue(intent("busy@example.com"))
	for i := 0; i < 5; i++ {
		h.pass()
		h.advance(2 * time.Hour)
	}
	e = h.entry(e.Id)
	mustStatus(t, e, domain.OutboxFailed, 3)
	if !strings.Contains(e.GetString("last_error"), "451") {
		t.Errorf("last_error %q", e.GetString("last_error"))
	}
	n, err := notify.RetryAllFailed(h.app)
	if err != nil || n != 1 {
		t.Fatalf("RetryAllFailed = %d, %v", n, err)
	}
	mustStatus(t, h.entry(e.Id), domain.OutboxPending, 0)
}

func TestInvalidRecipientFailsWithoutSending(t *testing.T) {
	t.Parallel()
	h := newHarness(t, notify.WorkerOptions{})
	e := h.queue(intent("victim@example.com\r\nBcc: other@example.com"))
	h.pass()
	e = h.entry(e.Id)
	mustStatus(t, e, domain.OutboxFailed, 1)
	if !strings.Contains(e.GetString("last_error"), "recipient") {
		t.Errorf("last_error %q", e.GetString("last_error"))
	}
	if n := len(h.mail.Messages()); n != 0 {
		t.Errorf("%d messages sent", n)
	}
}

func TestStoppingReleasesTheRestOfTheBatch(t *testing.T) {
	t.Parallel()
	h := newHarness(t, notify.WorkerOptions{})
	a := h.queue(intent("a@example.com"))
	b := h.queue(intent("b@example.com"))
	c := h.queue(intent("c@example.com"))
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	// the stop request arrives while the first message is being sent
	h.mail.OnData(func(n int) {
		if n == 1 {
			stop()
		}
	})
	p, err := h.worker.RunOnce(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if p.Sent != 1 || p.Released != 2 {
		t.Fatalf("pass %+v, want 1 sent and 2 released", p)
	}
	statuses := map[string]int{}
	for _, id := range []string{a.Id, b.Id, c.Id} {
		e := h.entry(id)
		statuses[e.GetString("status")]++
		if e.GetString("status") == domain.OutboxPending && e.GetInt("attempts") != 0 {
			t.Errorf("released entry counts %d attempts", e.GetInt("attempts"))
		}
	}
	if statuses[domain.OutboxSent] != 1 || statuses[domain.OutboxPending] != 2 {
		t.Fatalf("statuses %v", statuses)
	}
	h.pass()
	if n := len(h.mail.Messages()); n != 3 {
		t.Fatalf("received %d messages after the next pass, want 3", n)
	}
}

func TestStartedWorkerDeliversCommittedAndLeftoverEntriesAndStops(t *testing.T) {
	t.Parallel()
	h := newHarness(t, notify.WorkerOptions{PollInterval: time.Hour})
	// left Sending by a process that died, lease not expired
	stuck := h.queue(intent("stuck@example.com"))
	stuck.Set("status", domain.OutboxSending)
	stuck.Set("attempts", 1)
	stuck.Set("next_attempt_at", h.now.Add(5*time.Minute))
	if err := h.app.Save(stuck); err != nil {
		t.Fatal(err)
	}
	if err := h.worker.Start(); err != nil {
		t.Fatal(err)
	}
	if got := h.mail.WaitFor(1, 10*time.Second); len(got) != 1 || got[0].EntryID != stuck.Id {
		t.Fatalf("leftover entry not delivered: %d messages", len(got))
	}
	// a committed intent wakes the worker (the poll interval is an hour)
	fresh := h.queue(intent("fresh@example.com"))
	if got := h.mail.WaitFor(2, 10*time.Second); len(got) != 2 || got[1].EntryID != fresh.Id {
		t.Fatalf("committed entry not delivered: %d messages", len(got))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := h.worker.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	mustStatus(t, h.entry(stuck.Id), domain.OutboxSent, 2)
	mustStatus(t, h.entry(fresh.Id), domain.OutboxSent, 1)
}
