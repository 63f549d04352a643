package hooks

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/jobs"
	"github.com/studio/studio/internal/settings"
)

// registerCron schedules every job of internal/jobs on PocketBase's cron
// (which runs while `serve` runs) at its spec in the studio's time zone
// (docs/rules.md §8). The scheduler's zone follows the settings record: it
// is set at start and again after every save of studio_settings. A
// scheduled run is a jobs.Run as of the app clock's now, recorded in
// job_runs like a run by hand.
func registerCron(app core.App) {
	for _, j := range jobs.Registry() {
		job := j
		app.Cron().MustAdd("studio."+job.Name, job.Spec, func() {
			// Run records and logs the outcome itself.
			_, _ = jobs.Run(app, job, settings.Now(app), jobs.Options{})
		})
	}
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		jobs.ApplyTimezone(se.App)
		return se.Next()
	})
	app.OnRecordAfterUpdateSuccess(settings.Collection).BindFunc(func(e *core.RecordEvent) error {
		jobs.ApplyTimezone(e.App)
		return e.Next()
	})
	app.OnRecordAfterCreateSuccess(settings.Collection).BindFunc(func(e *core.RecordEvent) error {
		jobs.ApplyTimezone(e.App)
		return e.Next()
	})
}
