package hooks

import "github.com/pocketbase/pocketbase/core"

// inTransaction runs fn with the record event bound to a new transaction
// (so e.Next() and every write of fn commit or roll back together) and
// gives the event its own app back afterwards. Without the restore,
// PocketBase would run the after-success hooks, the realtime broadcast
// among them, against the already finished transaction: the broadcast's
// access-rule queries fail and subscribers never hear of the record
// (TestRealtimeEventsSurviveHookTransactions).
func inTransaction(e *core.RecordEvent, fn func(tx core.App) error) error {
	outer := e.App
	err := outer.RunInTransaction(func(tx core.App) error {
		e.App = tx
		return fn(tx)
	})
	e.App = outer
	return err
}
