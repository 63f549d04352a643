package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// PocketBase's scheduled backups, on by default: every night at 03:30
// studio time (the scheduler ticks in the studio's time zone, see
// hooks/cron.go), after the night's jobs, keeping the last seven.
func init() {
	m.Register(func(app core.App) error {
		s := app.Settings()
		s.Backups.Cron = "30 3 * * *"
		s.Backups.CronMaxKeep = 7
		return app.Save(s)
	}, func(app core.App) error {
		s := app.Settings()
		s.Backups.Cron = ""
		s.Backups.CronMaxKeep = 0
		return app.Save(s)
	})
}
