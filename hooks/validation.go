package hooks

import (
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/shopspring/decimal"

	"github.com/studio/studio/internal/domain"
)

// moneyFields are the amounts stored in PocketBase number fields; each must
// hold whole cents.
var moneyFields = map[string][]string{
	"items":            {"unit_price"},
	"packages":         {"base_price"},
	"sessions":         {"subtotal", "transportation_cost", "discount", "total", "deposit_amount"},
	"session_lines":    {"unit_price", "line_subtotal"},
	"session_payments": {"amount"},
	"studio_settings":  {"remote_transportation_cost"},
}

// registerValidation adds the cross-field and format checks PocketBase's
// field options cannot express. They run on every path (REST, batch,
// dashboard, Go) and answer 400 with field errors.
func registerValidation(app core.App) {
	for collection, fields := range moneyFields {
		fields := fields
		app.OnRecordValidate(collection).BindFunc(func(e *core.RecordEvent) error {
			errs := validation.Errors{}
			for _, f := range fields {
				if !wholeCents(e.Record.GetFloat(f)) {
					errs[f] = validation.NewError("validation_money_cents", "Amounts take at most two decimals.")
				}
			}
			if len(errs) > 0 {
				return errs
			}
			return e.Next()
		})
	}

	app.OnRecordValidate("sessions").BindFunc(func(e *core.RecordEvent) error {
		r := e.Record
		errs := validation.Errors{}
		start, end := r.GetDateTime("starts_at"), r.GetDateTime("ends_at")
		if !start.IsZero() && !end.IsZero() && !end.Time().After(start.Time()) {
			errs["ends_at"] = validation.NewError("validation_ends_before_start", "The session must end after it starts.")
		}
		if r.GetString("session_type") == domain.SessionTypeExternal && r.GetString("location") == "" {
			errs["location"] = validation.NewError("validation_required", "An External session needs a location.")
		}
		if len(errs) > 0 {
			return errs
		}
		return e.Next()
	})

	app.OnRecordValidate("session_photographers").BindFunc(func(e *core.RecordEvent) error {
		start, end := e.Record.GetDateTime("coverage_start"), e.Record.GetDateTime("coverage_end")
		if !start.IsZero() && !end.IsZero() && !end.Time().After(start.Time()) {
			return validation.Errors{"coverage_end": validation.NewError("validation_ends_before_start", "Coverage must end after it starts.")}
		}
		return e.Next()
	})

	app.OnRecordValidate("items").BindFunc(func(e *core.RecordEvent) error {
		if e.Record.GetFloat("default_quantity") < 0 {
			return validation.Errors{"default_quantity": validation.NewError("validation_min_number_constraint", "Must be greater than 0.")}
		}
		return e.Next()
	})
}

// wholeCents reports whether v is a whole number of cents. A float64 read
// from the database is turned into the shortest decimal that round-trips,
// which for any amount below 10^13 is the exact amount that was written.
func wholeCents(v float64) bool {
	return decimal.NewFromFloat(v).Exponent() >= -2
}
