package hooks

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/settings"
)

// statusCollections are the collections whose records are Active until
// deactivated (domain.md §1).
var statusCollections = []string{"users", "clients", "items", "packages", "rooms"}

// registerDefaults fills the defaults a caller may omit, on every path,
// before validation runs.
func registerDefaults(app core.App) {
	app.OnRecordCreate(statusCollections...).BindFunc(func(e *core.RecordEvent) error {
		if e.Record.GetString("status") == "" {
			e.Record.Set("status", domain.Active)
		}
		return e.Next()
	})
	app.OnRecordCreate("clients").BindFunc(func(e *core.RecordEvent) error {
		if e.Record.GetString("client_type") == "" {
			e.Record.Set("client_type", domain.ClientIndividual)
		}
		return e.Next()
	})
	app.OnRecordCreate("items").BindFunc(func(e *core.RecordEvent) error {
		if e.Record.GetString("unit_measure") == "" {
			e.Record.Set("unit_measure", "Unit")
		}
		return e.Next()
	})
	app.OnRecordCreate("packages", "sessions").BindFunc(func(e *core.RecordEvent) error {
		s, err := settings.Load(e.App)
		if err != nil {
			return err
		}
		if e.Record.GetInt("estimated_editing_days") == 0 {
			e.Record.Set("estimated_editing_days", s.DefaultEditingDays)
		}
		if e.Record.Collection().Name == "sessions" {
			if e.Record.GetString("status") == "" {
				e.Record.Set("status", domain.StatusRequest)
			}
			// A new session without a percentage (0 reads as "not given")
			// takes the studio default; an update may later set any 0-100.
			if e.Record.GetFloat("deposit_percentage") == 0 {
				e.Record.Set("deposit_percentage", s.DefaultDepositPercentage.InexactFloat64())
			}
		}
		return e.Next()
	})
	app.OnRecordCreate("session_photographers").BindFunc(func(e *core.RecordEvent) error {
		if e.Record.GetString("assignment_status") == "" {
			e.Record.Set("assignment_status", domain.AssignmentAssigned)
		}
		return e.Next()
	})
	app.OnRecordCreate("session_payments").BindFunc(func(e *core.RecordEvent) error {
		if e.Record.GetString("payment_status") == "" {
			e.Record.Set("payment_status", domain.PaymentPending)
		}
		return e.Next()
	})
}
