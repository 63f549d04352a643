package notify

import (
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/settings"
)

// ErrNotFailed is returned when a retry targets an entry that is not Failed.
var ErrNotFailed = fmt.Errorf("only a Failed outbox entry can be retried")

// Requeue sets a Failed entry back to Pending with a fresh attempt budget,
// due now; last_error stays until a later attempt replaces it.
func Requeue(app core.App, entry *core.Record) {
	entry.Set("status", domain.OutboxPending)
	entry.Set("attempts", 0)
	entry.Set("next_attempt_at", settings.Now(app))
}

// Retry re-queues the Failed entry id.
func Retry(app core.App, id string) (*core.Record, error) {
	var out *core.Record
	err := app.RunInTransaction(func(tx core.App) error {
		r, err := tx.FindRecordById("outbox", id)
		if err != nil {
			return fmt.Errorf("outbox entry %s: %w", id, err)
		}
		if r.GetString("status") != domain.OutboxFailed {
			return fmt.Errorf("%w (%s is %s)", ErrNotFailed, id, r.GetString("status"))
		}
		Requeue(tx, r)
		if err := tx.Save(r); err != nil {
			return fmt.Errorf("retry outbox %s: %w", id, err)
		}
		out = r
		return nil
	})
	return out, err
}

// RetryAllFailed re-queues every Failed entry and answers how many.
func RetryAllFailed(app core.App) (int, error) {
	var n int
	err := app.RunInTransaction(func(tx core.App) error {
		failed, err := tx.FindRecordsByFilter("outbox", "status = {:s}", "", 0, 0, dbx.Params{"s": domain.OutboxFailed})
		if err != nil {
			return fmt.Errorf("find failed outbox entries: %w", err)
		}
		for _, r := range failed {
			Requeue(tx, r)
			if err := tx.Save(r); err != nil {
				return fmt.Errorf("retry outbox %s: %w", r.Id, err)
			}
		}
		n = len(failed)
		return nil
	})
	return n, err
}
