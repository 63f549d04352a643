package hooks

import (
	"time"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/settings"
)

// registerSettingsGuards keeps studio_settings a single record with a valid
// time zone, whoever writes it (superusers in the dashboard included), and
// turns on the settings cache (settings.BindCache), which its saves refresh.
func registerSettingsGuards(app core.App) {
	settings.BindCache(app)
	app.OnRecordValidate(settings.Collection).BindFunc(wholeCentsCheck("remote_transportation_cost"))
	app.OnRecordValidate(settings.Collection).BindFunc(func(e *core.RecordEvent) error {
		if err := e.Next(); err != nil {
			return err // field errors first
		}
		if _, err := time.LoadLocation(e.Record.GetString("timezone")); err != nil || e.Record.GetString("timezone") == "" {
			return validation.Errors{"timezone": validation.NewError("validation_invalid_timezone", "Unknown time zone; use an IANA name such as America/Guatemala.")}
		}
		if e.Record.IsNew() {
			n, err := e.App.CountRecords(settings.Collection)
			if err != nil {
				return err
			}
			if n > 0 {
				return domain.Invalid("id", "The studio has one settings record; edit it instead.")
			}
		}
		return nil
	})
	app.OnRecordDelete(settings.Collection).BindFunc(func(e *core.RecordEvent) error {
		return domain.Invalid("id", "The studio settings record cannot be deleted.")
	})
}
