package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// The per-year session code counter lives in a plain table, outside the
// collections: no API (not even the dashboard) can read or reset it, so a
// code is never reused. hooks/lifecycle_codes.go increments it inside the
// session's create transaction.
func init() {
	m.Register(func(app core.App) error {
		_, err := app.DB().NewQuery(`CREATE TABLE IF NOT EXISTS studio_session_counters (
			year INTEGER PRIMARY KEY,
			last INTEGER NOT NULL
		)`).Execute()
		return err
	}, func(app core.App) error {
		_, err := app.DB().NewQuery(`DROP TABLE IF EXISTS studio_session_counters`).Execute()
		return err
	})
}
