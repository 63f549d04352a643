package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// The batch API (one transaction for several record writes) is a path
// staff frontends use; every studio rule holds inside it, so it is on.
func init() {
	m.Register(func(app core.App) error {
		s := app.Settings()
		s.Batch.Enabled = true
		s.Batch.MaxRequests = 50
		s.Batch.Timeout = 5
		return app.Save(s)
	}, func(app core.App) error {
		s := app.Settings()
		s.Batch.Enabled = false
		return app.Save(s)
	})
}
