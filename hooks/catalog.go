package hooks

import (
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/settings"
)

// registerCatalog binds the items and packages hooks: the defaults a caller
// may omit and the amounts in whole cents.
func registerCatalog(app core.App) {
	app.OnRecordCreate("items").BindFunc(func(e *core.RecordEvent) error {
		if e.Record.GetString("unit_measure") == "" {
			e.Record.Set("unit_measure", "Unit")
		}
		return e.Next()
	})
	app.OnRecordValidate("items").BindFunc(wholeCentsCheck("unit_price"))
	app.OnRecordValidate("items").BindFunc(func(e *core.RecordEvent) error {
		if e.Record.GetFloat("default_quantity") < 0 {
			return validation.Errors{"default_quantity": validation.NewError("validation_min_number_constraint", "Must be greater than 0.")}
		}
		return e.Next()
	})

	app.OnRecordCreate("packages").BindFunc(func(e *core.RecordEvent) error {
		s, err := settings.Load(e.App)
		if err != nil {
			return err
		}
		if e.Record.GetInt("estimated_editing_days") == 0 {
			e.Record.Set("estimated_editing_days", s.DefaultEditingDays)
		}
		return e.Next()
	})
	app.OnRecordValidate("packages").BindFunc(wholeCentsCheck("base_price"))
}
