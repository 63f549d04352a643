package notify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/settings"
)

// WorkerOptions tune the delivery worker; a zero field takes its default.
type WorkerOptions struct {
	// Config answers the SMTP configuration, read again on every pass so
	// a change in the dashboard's mail settings applies without a restart
	// (default: LoadSMTPConfig(app, Env)).
	Config func() (SMTPConfig, error)
	// Env is the environment Config reads (default os.Getenv).
	Env Getenv
	// NewSender builds the sender for a configuration (default GoMailSender).
	NewSender func(SMTPConfig) Sender
	// BatchSize is how many due entries one pass claims (default 20).
	BatchSize int
	// MaxAttempts is how many attempts a transient failure gets before the
	// entry is Failed (default 10).
	MaxAttempts int
	// Backoff is the retry schedule (default 30s doubling up to 1h).
	Backoff Backoff
	// Lease is how long a claimed entry stays Sending before another pass
	// may take it over (default 5m; a restart takes it over at once).
	Lease time.Duration
	// PollInterval is the longest idle wait between passes (default 5s);
	// a committed new entry wakes the worker at once.
	PollInterval time.Duration
	// Now is the clock (default settings.Now(app)).
	Now func() time.Time
	// Jitter returns a number in [0, 1) (default Random).
	Jitter func() float64
	// Logger receives delivery failures (default app.Logger()).
	Logger *slog.Logger
}

// Defaults of WorkerOptions.
const (
	DefaultBatchSize    = 20
	DefaultMaxAttempts  = 10
	DefaultBaseDelay    = 30 * time.Second
	DefaultMaxDelay     = time.Hour
	DefaultLease        = 5 * time.Minute
	DefaultPollInterval = 5 * time.Second
)

// Worker delivers outbox entries after their transaction committed: it
// claims due entries (status Sending, attempts+1, a lease in
// next_attempt_at) in a short transaction, renders and sends them, and
// records each outcome on its own (Sent with sent_at and message_id,
// Pending with a backoff, or Failed with last_error).
type Worker struct {
	app  core.App
	opt  WorkerOptions
	wake chan struct{}

	mu     sync.Mutex
	cancel context.CancelFunc
	done   chan struct{}
}

// Pass counts what one RunOnce did.
type Pass struct {
	Claimed, Sent, Retried, Failed, Released int
	// Unconfigured is true when no SMTP server is configured: nothing was
	// claimed and the entries wait.
	Unconfigured bool
}

// NewWorker builds a worker for app.
func NewWorker(app core.App, opt WorkerOptions) *Worker {
	if opt.Config == nil {
		opt.Config = func() (SMTPConfig, error) { return LoadSMTPConfig(app, opt.Env) }
	}
	if opt.NewSender == nil {
		opt.NewSender = func(c SMTPConfig) Sender { return GoMailSender{Config: c} }
	}
	if opt.BatchSize <= 0 {
		opt.BatchSize = DefaultBatchSize
	}
	if opt.MaxAttempts <= 0 {
		opt.MaxAttempts = DefaultMaxAttempts
	}
	if opt.Backoff.Base <= 0 {
		opt.Backoff.Base = DefaultBaseDelay
	}
	if opt.Backoff.Max <= 0 {
		opt.Backoff.Max = DefaultMaxDelay
	}
	if opt.Lease <= 0 {
		opt.Lease = DefaultLease
	}
	if opt.PollInterval <= 0 {
		opt.PollInterval = DefaultPollInterval
	}
	if opt.Now == nil {
		opt.Now = func() time.Time { return settings.Now(app) }
	}
	if opt.Jitter == nil {
		opt.Jitter = Random
	}
	if opt.Logger == nil {
		opt.Logger = app.Logger()
	}
	return &Worker{app: app, opt: opt, wake: make(chan struct{}, 1)}
}

// ErrNotConfigured explains a Pass that is Unconfigured.
var ErrNotConfigured = errors.New("no SMTP server configured: set STUDIO_SMTP_HOST or enable SMTP in the dashboard")

// dueFilter selects Pending entries whose time has come and Sending
// entries whose lease has expired.
const dueFilter = "(status = {:pending} && (next_attempt_at = '' || next_attempt_at <= {:now}))" +
	" || (status = {:sending} && next_attempt_at <= {:now})"

func stamp(t time.Time) string {
	dt, _ := types.ParseDateTime(t.UTC())
	return dt.String()
}

// claim marks up to BatchSize due entries Sending in one short
// transaction and returns them.
func (w *Worker) claim(now time.Time) ([]*core.Record, error) {
	var claimed []*core.Record
	err := w.app.RunInTransaction(func(tx core.App) error {
		due, err := tx.FindRecordsByFilter("outbox", dueFilter, "next_attempt_at,created", w.opt.BatchSize, 0,
			dbx.Params{"pending": domain.OutboxPending, "sending": domain.OutboxSending, "now": stamp(now)})
		if err != nil {
			return fmt.Errorf("find due outbox entries: %w", err)
		}
		for _, r := range due {
			r.Set("status", domain.OutboxSending)
			r.Set("attempts", r.GetInt("attempts")+1)
			r.Set("next_attempt_at", now.Add(w.opt.Lease))
			if err := tx.Save(r); err != nil {
				return fmt.Errorf("claim outbox %s: %w", r.Id, err)
			}
		}
		claimed = due
		return nil
	})
	return claimed, err
}

// RunOnce claims the due entries, sends them and records the outcomes.
// ctx stops it between messages: entries not yet attempted go back to
// Pending. It never runs inside a business transaction: it reads
// committed rows only.
func (w *Worker) RunOnce(ctx context.Context) (Pass, error) {
	var pass Pass
	cfg, err := w.opt.Config()
	if err != nil {
		return pass, fmt.Errorf("smtp configuration: %w", err)
	}
	if !cfg.Configured() {
		pass.Unconfigured = true
		return pass, nil
	}
	studio, err := settings.Load(w.app)
	if err != nil {
		return pass, err
	}
	if cfg.FromName == "" {
		cfg.FromName = studio.StudioName
	}
	entries, err := w.claim(w.opt.Now())
	if err != nil {
		return pass, err
	}
	pass.Claimed = len(entries)
	var msgs []Message
	var owners []*core.Record
	for _, e := range entries {
		r, err := RenderEntry(w.app, e, studio)
		if err != nil {
			w.record(&pass, e, "", Permanent(err))
			continue
		}
		msgs = append(msgs, Message{EntryID: e.Id, From: cfg.From, FromName: cfg.FromName, To: e.GetString("recipient"), Rendered: r})
		owners = append(owners, e)
	}
	if len(msgs) > 0 {
		w.opt.NewSender(cfg).Send(ctx, msgs, func(i int, err error) {
			w.record(&pass, owners[i], "<"+msgs[i].MessageID()+">", err)
		})
	}
	return pass, nil
}

// record saves the outcome of one attempt.
func (w *Worker) record(pass *Pass, e *core.Record, messageID string, sendErr error) {
	now := w.opt.Now()
	attempts := e.GetInt("attempts")
	switch Classify(sendErr) {
	case Delivered:
		pass.Sent++
		e.Set("status", domain.OutboxSent)
		e.Set("sent_at", now)
		e.Set("message_id", messageID)
	case Released:
		pass.Released++
		e.Set("status", domain.OutboxPending)
		e.Set("attempts", max(attempts-1, 0))
		e.Set("next_attempt_at", now)
	case Transient:
		e.Set("last_error", trimError(sendErr))
		if attempts >= w.opt.MaxAttempts {
			pass.Failed++
			e.Set("status", domain.OutboxFailed)
		} else {
			pass.Retried++
			e.Set("status", domain.OutboxPending)
			e.Set("next_attempt_at", now.Add(w.opt.Backoff.Delay(attempts, w.opt.Jitter())))
		}
	case Fatal:
		pass.Failed++
		e.Set("status", domain.OutboxFailed)
		e.Set("last_error", trimError(sendErr))
	}
	if err := w.app.Save(e); err != nil {
		w.opt.Logger.Error("outbox: record delivery outcome", "entry", e.Id, "error", err)
		return
	}
	if sendErr != nil && !errors.Is(sendErr, ErrReleased) {
		w.opt.Logger.Warn("outbox: delivery failed", "entry", e.Id, "attempts", attempts,
			"status", e.GetString("status"), "error", sendErr)
	}
}

func trimError(err error) string {
	s := err.Error()
	if len(s) > 4000 {
		s = s[:4000]
	}
	return s
}

// Recover puts back to Pending every entry left Sending by a process that
// died (one server owns the database, so at start nothing is in flight).
// The interrupted attempt stays counted; the entry is due at once.
func (w *Worker) Recover() (int, error) {
	var n int
	err := w.app.RunInTransaction(func(tx core.App) error {
		stuck, err := tx.FindRecordsByFilter("outbox", "status = {:s}", "", 0, 0, dbx.Params{"s": domain.OutboxSending})
		if err != nil {
			return err
		}
		for _, r := range stuck {
			r.Set("status", domain.OutboxPending)
			r.Set("next_attempt_at", w.opt.Now())
			if err := tx.Save(r); err != nil {
				return err
			}
		}
		n = len(stuck)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("recover outbox entries left Sending: %w", err)
	}
	return n, nil
}

// Wake makes a sleeping worker run a pass now.
func (w *Worker) Wake() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// Start checks the SMTP configuration (a malformed one is an error; none
// at all is allowed: emails wait), recovers entries left Sending and runs
// passes in a goroutine until Stop. Committed new or re-queued entries wake it at once.
func (w *Worker) Start() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.cancel != nil {
		return errors.New("outbox worker already started")
	}
	if _, err := w.opt.Config(); err != nil {
		return fmt.Errorf("outbox worker: smtp configuration: %w", err)
	}
	if n, err := w.Recover(); err != nil {
		return err
	} else if n > 0 {
		w.opt.Logger.Info("outbox: entries left Sending by a previous run are queued again", "count", n)
	}
	wakeOnPending := func(e *core.RecordEvent) error {
		if e.Record.GetString("status") == domain.OutboxPending {
			w.Wake()
		}
		return e.Next()
	}
	w.app.OnRecordAfterCreateSuccess("outbox").Bind(&hook.Handler[*core.RecordEvent]{Id: "studio.outbox.wake", Func: wakeOnPending})
	w.app.OnRecordAfterUpdateSuccess("outbox").Bind(&hook.Handler[*core.RecordEvent]{Id: "studio.outbox.wake", Func: wakeOnPending})
	ctx, cancel := context.WithCancel(context.Background())
	w.cancel = cancel
	w.done = make(chan struct{})
	go w.loop(ctx)
	return nil
}

func (w *Worker) loop(ctx context.Context) {
	defer close(w.done)
	warned := false
	for {
		pass, err := w.RunOnce(ctx)
		switch {
		case err != nil:
			w.opt.Logger.Error("outbox: delivery pass", "error", err)
		case pass.Unconfigured && !warned:
			warned = true
			w.opt.Logger.Warn("outbox: " + ErrNotConfigured.Error() + "; emails wait in the outbox")
		}
		if ctx.Err() != nil {
			return
		}
		if err == nil && pass.Claimed == w.opt.BatchSize {
			continue
		}
		timer := time.NewTimer(w.opt.PollInterval)
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case <-w.wake:
		case <-timer.C:
		}
		timer.Stop()
	}
}

// Stop asks the worker to stop and waits until it has: the message being
// sent finishes, the rest of the batch goes back to Pending. ctx bounds
// the wait.
func (w *Worker) Stop(ctx context.Context) error {
	w.mu.Lock()
	cancel, done := w.cancel, w.done
	w.mu.Unlock()
	if cancel == nil {
		return nil
	}
	cancel()
	select {
	case <-done:
		w.app.OnRecordAfterCreateSuccess("outbox").Unbind("studio.outbox.wake")
		w.app.OnRecordAfterUpdateSuccess("outbox").Unbind("studio.outbox.wake")
		return nil
	case <-ctx.Done():
		return fmt.Errorf("outbox worker did not stop in time: %w", ctx.Err())
	}
}
