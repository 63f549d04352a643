package hooks

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/jobs"
)

// registerHighRisk recomputes a client's high_risk flag (docs/rules.md §3)
// in the transaction that cancels one of its sessions, so a client who
// becomes high risk by a cancellation (by a person or by the auto-cancel
// job) is flagged, and the coordinators alerted, at once. The nightly
// high-risk-clients job recomputes every client (it also unsets the flag).
// The flag is derived: no request (REST, batch, dashboard) may set or
// change it.
func registerHighRisk(app core.App) {
	derived := func(e *core.RecordRequestEvent) error {
		return domain.Invalid("high_risk", "high_risk is derived from the client's cancellations (more than 2 and more than half of its sessions); it cannot be set.")
	}
	app.OnRecordCreateRequest("clients").BindFunc(func(e *core.RecordRequestEvent) error {
		if e.Record.GetBool("high_risk") {
			return derived(e)
		}
		return e.Next()
	})
	app.OnRecordUpdateRequest("clients").BindFunc(func(e *core.RecordRequestEvent) error {
		if e.Record.GetBool("high_risk") != e.Record.Original().GetBool("high_risk") {
			return derived(e)
		}
		return e.Next()
	})
	app.OnRecordUpdate("sessions").BindFunc(func(e *core.RecordEvent) error {
		wasCanceled := e.Record.Original().GetString("status") == domain.StatusCanceled
		if err := e.Next(); err != nil {
			return err
		}
		if wasCanceled || e.Record.GetString("status") != domain.StatusCanceled {
			return nil
		}
		_, err := jobs.UpdateClientRisk(e.App, e.Record.GetString("client"))
		return err
	})
}
