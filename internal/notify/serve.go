package notify

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// ShutdownGrace bounds how long termination waits for the message being
// sent; past it the process exits and the entry, left Sending, is retried
// on the next start.
const ShutdownGrace = 10 * time.Second

// StartWithServe runs a delivery worker while app serves HTTP: it starts
// when `serve` starts (after migrations) and stops on app termination
// (SIGINT/SIGTERM), finishing the message in flight and releasing the rest
// of its batch back to Pending. CLI commands never trigger OnServe, so
// they send nothing.
func StartWithServe(app core.App, opt WorkerOptions) *Worker {
	w := NewWorker(app, opt)
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Id: "studio.outbox.worker",
		Func: func(se *core.ServeEvent) error {
			if err := w.Start(); err != nil {
				return err
			}
			return se.Next()
		},
	})
	app.OnTerminate().Bind(&hook.Handler[*core.TerminateEvent]{
		Id: "studio.outbox.worker",
		Func: func(te *core.TerminateEvent) error {
			ctx, cancel := context.WithTimeout(context.Background(), ShutdownGrace)
			defer cancel()
			if err := w.Stop(ctx); err != nil {
				te.App.Logger().Error("outbox: stop worker", "error", err)
			}
			return te.Next()
		},
	})
	return w
}

// OptionsFromEnv reads the worker's tuning from STUDIO_OUTBOX_BATCH_SIZE,
// STUDIO_OUTBOX_MAX_ATTEMPTS, STUDIO_OUTBOX_BASE_DELAY,
// STUDIO_OUTBOX_MAX_DELAY, STUDIO_OUTBOX_LEASE and
// STUDIO_OUTBOX_POLL_INTERVAL (durations as "30s", "1h"); unset means the
// default.
func OptionsFromEnv(env Getenv) (WorkerOptions, error) {
	opt := WorkerOptions{Env: env}
	ints := []struct {
		name string
		dst  *int
	}{
		{"STUDIO_OUTBOX_BATCH_SIZE", &opt.BatchSize},
		{"STUDIO_OUTBOX_MAX_ATTEMPTS", &opt.MaxAttempts},
	}
	for _, v := range ints {
		if s := strings.TrimSpace(env(v.name)); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n <= 0 {
				return opt, fmt.Errorf("%s %q is not a positive number", v.name, s)
			}
			*v.dst = n
		}
	}
	durations := []struct {
		name string
		dst  *time.Duration
	}{
		{"STUDIO_OUTBOX_BASE_DELAY", &opt.Backoff.Base},
		{"STUDIO_OUTBOX_MAX_DELAY", &opt.Backoff.Max},
		{"STUDIO_OUTBOX_LEASE", &opt.Lease},
		{"STUDIO_OUTBOX_POLL_INTERVAL", &opt.PollInterval},
	}
	for _, v := range durations {
		if s := strings.TrimSpace(env(v.name)); s != "" {
			d, err := time.ParseDuration(s)
			if err != nil || d <= 0 {
				return opt, fmt.Errorf("%s %q is not a duration", v.name, s)
			}
			*v.dst = d
		}
	}
	return opt, nil
}
