package jobs

import (
	"log/slog"

	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/settings"
)

// timezoneKey is where ApplyTimezone notes the scheduler's zone in the
// app store.
const timezoneKey = "studio.jobs.timezone"

// ApplyTimezone sets PocketBase's scheduler (app.Cron()) to tick in the
// studio's time zone (settings TIMEZONE, docs/rules.md §11), so that every
// job's spec reads as studio time. It is called at start and whenever the
// settings record is saved, so a new time zone applies without a restart.
// Unreadable settings leave the scheduler as it was, with a log entry.
func ApplyTimezone(app core.App) {
	st, err := settings.Load(app)
	if err != nil {
		app.Logger().Warn("cron time zone not updated", slog.String("error", err.Error()))
		return
	}
	app.Cron().SetTimezone(st.Location())
	app.Store().Set(timezoneKey, st.Location().String())
}

// Timezone is the name of the zone ApplyTimezone last gave the scheduler
// ("" before the first call).
func Timezone(app core.App) string {
	name, _ := app.Store().Get(timezoneKey).(string)
	return name
}
