package jobs

import (
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// RunsCollection records every run.
const RunsCollection = "job_runs"

// Run runs job as of now and records it in job_runs: a row written when
// the run starts (finished empty) and completed when it ends, so a run
// killed midway leaves a row without finished. Unit failures are logged
// with the app's logger as they happen; a failure of the job as a whole
// (it could not even list its work) is logged, recorded and returned.
func Run(app core.App, job Job, now time.Time, opts Options) (Summary, error) {
	started := time.Now().UTC()
	row, err := startRun(app, job.Name, started, opts.DryRun)
	if err != nil {
		return Summary{}, err
	}
	s, runErr := job.Run(app, now, opts)
	s.Job, s.Started, s.Finished, s.DryRun = job.Name, started, time.Now().UTC(), opts.DryRun
	if runErr != nil {
		s.Errors++
		s.note("failed: %v", runErr)
		app.Logger().Error("job failed", slog.String("job", job.Name), slog.String("error", runErr.Error()))
	} else {
		app.Logger().Info("job finished", slog.String("job", job.Name), slog.Int("examined", s.Examined),
			slog.Int("changed", s.Changed), slog.Int("skipped", s.Skipped), slog.Int("errors", s.Errors), slog.Bool("dry_run", opts.DryRun))
	}
	if err := finishRun(app, row, s); err != nil {
		return s, err
	}
	return s, runErr
}

func startRun(app core.App, name string, started time.Time, dry bool) (*core.Record, error) {
	c, err := app.FindCachedCollectionByNameOrId(RunsCollection)
	if err != nil {
		return nil, err
	}
	r := core.NewRecord(c)
	r.Set("job", name)
	r.Set("started", started)
	r.Set("dry_run", dry)
	if err := app.Save(r); err != nil {
		return nil, fmt.Errorf("record start of %s: %w", name, err)
	}
	return r, nil
}

func finishRun(app core.App, r *core.Record, s Summary) error {
	r.Set("finished", s.Finished)
	r.Set("examined", s.Examined)
	r.Set("changed", s.Changed)
	r.Set("skipped", s.Skipped)
	r.Set("errors", s.Errors)
	summary := s.Text()
	if len(summary) > 5000 {
		summary = summary[:4990] + "\n  …"
	}
	r.Set("summary", strings.ToValidUTF8(summary, ""))
	if err := app.Save(r); err != nil {
		return fmt.Errorf("record end of %s: %w", s.Job, err)
	}
	return nil
}
