package jobs

import (
	"errors"
	"log/slog"

	"github.com/pocketbase/pocketbase/core"
)

// outcome of one unit of work.
type outcome int

const (
	unchanged outcome = iota
	changed
)

// errRollback ends a dry run's transaction: its work is undone.
var errRollback = errors.New("dry run: rolled back")

// unit does one unit's work (a session, a client, an anomaly) in its own
// transaction and counts it: a failure rolls that unit back, is logged and
// counted, and the run goes on with the next unit.
func unit(app core.App, s *Summary, opts Options, job, id string, work func(tx core.App) (outcome, string, error)) {
	var (
		out  outcome
		what string
	)
	err := app.RunInTransaction(func(tx core.App) error {
		var err error
		out, what, err = work(tx)
		if err == nil && opts.DryRun {
			return errRollback
		}
		return err
	})
	switch {
	case err != nil && !errors.Is(err, errRollback):
		s.Errors++
		s.note("%s: %v", id, err)
		app.Logger().Error("job unit failed", slog.String("job", job), slog.String("unit", id), slog.String("error", err.Error()))
	case out == changed:
		s.Changed++
		if what != "" {
			s.note("%s", what)
		}
	default:
		s.Skipped++
	}
	if opts.AfterEach != nil {
		opts.AfterEach(id)
	}
}
