// Package notify_test checks email delivery end to end: the outbox written
// in a transaction, the worker, go-mail and a real SMTP server inside the
// test process.
package notify_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/studio/studio/internal/notify"
	"github.com/studio/studio/internal/settings"
	ta "github.com/studio/studio/internal/testapp"
)

// harness is a test app, an SMTP server and a worker driven pass by pass
// on a clock the test moves.
type harness struct {
	t      *testing.T
	app    *tests.TestApp
	mail   *mailServer
	now    time.Time
	worker *notify.Worker
	env    map[string]string
}

func newHarness(t *testing.T, opt notify.WorkerOptions) *harness {
	t.Helper()
	h := &harness{t: t, app: ta.New(t), mail: newMailServer(t)}
	h.env = map[string]string{
		"STUDIO_SMTP_HOST":    h.mail.Host,
		"STUDIO_SMTP_PORT":    strconv.Itoa(h.mail.Port),
		"STUDIO_SMTP_TLS":     "none",
		"STUDIO_SMTP_FROM":    "studio@example.com",
		"STUDIO_SMTP_TIMEOUT": "5s",
	}
	h.setNow(time.Date(2026, 11, 26, 15, 0, 0, 0, time.UTC))
	opt.Env = func(k string) string { return h.env[k] }
	if opt.Jitter == nil {
		opt.Jitter = func() float64 { return 0.5 }
	}
	h.worker = notify.NewWorker(h.app, opt)
	return h
}

func (h *harness) setNow(t time.Time) {
	h.now = t
	ta.SetNow(h.app, t)
}

func (h *harness) advance(d time.Duration) { h.setNow(h.now.Add(d)) }

// pass runs one worker pass and fails the test on error.
func (h *harness) pass() notify.Pass {
	h.t.Helper()
	p, err := h.worker.RunOnce(context.Background())
	if err != nil {
		h.t.Fatalf("worker pass: %v", err)
	}
	return p
}

// queue writes an email intent inside a transaction, as business code does.
func (h *harness) queue(in notify.EmailIntent) *core.Record {
	h.t.Helper()
	err := h.app.RunInTransaction(func(tx core.App) error { return notify.Email(tx, in) })
	if err != nil {
		h.t.Fatalf("queue email: %v", err)
	}
	r, err := h.app.FindFirstRecordByFilter("outbox", "recipient = {:r}", map[string]any{"r": in.Recipient})
	if err != nil {
		h.t.Fatalf("find queued entry: %v", err)
	}
	return r
}

// entry reloads an outbox entry.
func (h *harness) entry(id string) *core.Record {
	h.t.Helper()
	r, err := h.app.FindRecordById("outbox", id)
	if err != nil {
		h.t.Fatalf("outbox %s: %v", id, err)
	}
	return r
}

// setStudio changes the studio's settings record.
func (h *harness) setStudio(fields map[string]any) {
	h.t.Helper()
	r, err := h.app.FindFirstRecordByFilter(settings.Collection, "")
	if err != nil {
		h.t.Fatal(err)
	}
	for k, v := range fields {
		r.Set(k, v)
	}
	if err := h.app.Save(r); err != nil {
		h.t.Fatal(err)
	}
}

func mustStatus(t *testing.T, r *core.Record, status string, attempts int) {
	t.Helper()
	if r.GetString("status") != status || r.GetInt("attempts") != attempts {
		t.Fatalf("entry %s: status %s attempts %d, want %s attempts %d (last_error %q)",
			r.Id, r.GetString("status"), r.GetInt("attempts"), status, attempts, r.GetString("last_error"))
	}
}
