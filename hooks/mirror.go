package hooks

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/studio/studio/internal/mirror"
)

// Cron job ids of the mirror.
const (
	mirrorSyncJob   = "studio.mirror.sync"
	mirrorResyncJob = "studio.mirror.resync"
)

// registerMirror wires the PostgreSQL mirror (docs/rules.md §8) when
// STUDIO_MIRROR_URL is set: every insert, update and delete of a mirrored
// collection writes a change log entry in the transaction of the change,
// and cron jobs apply the log and rewrite the report tables
// (STUDIO_MIRROR_SCHEDULE) and rebuild the mirror nightly
// (STUDIO_MIRROR_RESYNC_SCHEDULE). Without the URL nothing is logged and
// nothing runs; `studio mirror resync` builds a mirror enabled later.
func registerMirror(app core.App) {
	cfg, err := mirror.ConfigFromEnv(os.Getenv)
	if err != nil {
		app.OnBootstrap().BindFunc(func(e *core.BootstrapEvent) error { return err })
		return
	}
	if !cfg.Enabled() {
		return
	}
	logChange := func(op string) func(e *core.RecordEvent) error {
		return func(e *core.RecordEvent) error {
			return inTransaction(e, func(tx core.App) error {
				if err := e.Next(); err != nil {
					return err
				}
				return mirror.Log(tx, e.Record.Collection().Name, e.Record.Id, op)
			})
		}
	}
	collections := mirror.Collections()
	app.OnRecordCreateExecute(collections...).Bind(&hook.Handler[*core.RecordEvent]{Id: "studio.mirror.create", Func: logChange(mirror.OpUpsert)})
	app.OnRecordUpdateExecute(collections...).Bind(&hook.Handler[*core.RecordEvent]{Id: "studio.mirror.update", Func: logChange(mirror.OpUpsert)})
	app.OnRecordDeleteExecute(collections...).Bind(&hook.Handler[*core.RecordEvent]{Id: "studio.mirror.delete", Func: logChange(mirror.OpDelete)})

	job := &mirrorJob{app: app, cfg: cfg}
	if err := app.Cron().Add(mirrorSyncJob, cfg.Schedule, job.sync); err != nil {
		app.OnBootstrap().BindFunc(func(e *core.BootstrapEvent) error {
			return fmt.Errorf("%s=%q: %w", mirror.EnvSchedule, cfg.Schedule, err)
		})
		return
	}
	if cfg.ResyncSchedule != "off" {
		if err := app.Cron().Add(mirrorResyncJob, cfg.ResyncSchedule, job.resync); err != nil {
			app.OnBootstrap().BindFunc(func(e *core.BootstrapEvent) error {
				return fmt.Errorf("%s=%q: %w", mirror.EnvResyncSchedule, cfg.ResyncSchedule, err)
			})
			return
		}
	}
	app.OnTerminate().BindFunc(func(e *core.TerminateEvent) error {
		job.close()
		return e.Next()
	})
}

// mirrorJob runs the mirror from cron, on a pool opened at its first run.
type mirrorJob struct {
	app core.App
	cfg mirror.Config
	mu  sync.Mutex
	m   *mirror.Mirror
}

// jobTimeout bounds one run, so a hung PostgreSQL cannot pile runs up.
const jobTimeout = 30 * time.Minute

func (j *mirrorJob) open() (*mirror.Mirror, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.m == nil {
		m, err := mirror.Open(j.app, j.cfg)
		if err != nil {
			return nil, err
		}
		j.m = m
	}
	return j.m, nil
}

func (j *mirrorJob) close() {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.m != nil {
		j.m.Close()
		j.m = nil
	}
}

func (j *mirrorJob) sync() {
	j.run(mirrorSyncJob, func(ctx context.Context, m *mirror.Mirror) error { return m.Run(ctx, nil) })
}

func (j *mirrorJob) resync() {
	j.run(mirrorResyncJob, func(ctx context.Context, m *mirror.Mirror) error {
		if _, err := m.Resync(ctx, nil); err != nil {
			return err
		}
		return m.WriteReports(ctx, nil)
	})
}

// run logs the outcome; a PostgreSQL outage only delays the mirror.
func (j *mirrorJob) run(id string, fn func(context.Context, *mirror.Mirror) error) {
	m, err := j.open()
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), jobTimeout)
		defer cancel()
		err = fn(ctx, m)
	}
	switch {
	case errors.Is(err, mirror.ErrBusy):
		j.app.Logger().Info("mirror run skipped: another one is running", "job", id)
	case err != nil:
		j.app.Logger().Error("mirror run failed; the next run catches up", "job", id, "error", err.Error())
	}
}
