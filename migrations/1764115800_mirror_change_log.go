package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// The PostgreSQL mirror's change log: one row per insert, update or delete
// of a mirrored collection, written in the transaction of the change and
// marked applied once PostgreSQL holds it (see internal/mirror). A plain
// table, not a collection: only the app's Go code reads or writes it.
func init() {
	m.Register(func(app core.App) error {
		_, err := app.DB().NewQuery(`CREATE TABLE IF NOT EXISTS mirror_changes (
			seq INTEGER PRIMARY KEY AUTOINCREMENT,
			collection TEXT NOT NULL,
			record_id TEXT NOT NULL,
			op TEXT NOT NULL,
			changed TEXT NOT NULL,
			applied TEXT NOT NULL DEFAULT ''
		);
		CREATE INDEX IF NOT EXISTS idx_mirror_changes_pending ON mirror_changes (seq) WHERE applied = '';
		CREATE INDEX IF NOT EXISTS idx_mirror_changes_record ON mirror_changes (collection, record_id) WHERE applied = '';`).Execute()
		return err
	}, func(app core.App) error {
		_, err := app.DB().NewQuery(`DROP TABLE IF EXISTS mirror_changes`).Execute()
		return err
	})
}
