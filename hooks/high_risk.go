package hooks

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/jobs"
	"github.com/studio/studio/internal/model"
)

// registerHighRisk recomputes a client's high_risk flag (docs/rules.md §3)
// in the transaction that cancels one of its sessions, so a client who
// becomes high risk by a cancellation (by a person or by the auto-cancel
// job) is flagged, and the coordinators alerted, at once. The nightly
// high-risk-clients job recomputes every client (it also unsets the flag).
// The flag is derived: no request (REST, batch, dashboard) may set or
// change it.
func registerHighRisk(app core.App) {
	app.OnRecordUpdate(model.Sessions).Bind(&hook.Handler[*core.RecordEvent]{
		Id: "studio.sessions.high-risk", Priority: 40, Func: followHighRisk})
	app.OnRecordCreateRequest("clients").Bind(&hook.Handler[*core.RecordRequestEvent]{
		Id: "studio.clients.high-risk-create", Func: func(e *core.RecordRequestEvent) error {
			if e.Record.GetBool("high_risk") {
				return highRiskDerived()
			}
			return e.Next()
		}})
	app.OnRecordUpdateRequest("clients").Bind(&hook.Handler[*core.RecordRequestEvent]{
		Id: "studio.clients.high-risk-update", Func: func(e *core.RecordRequestEvent) error {
			if e.Record.GetBool("high_risk") != e.Record.Original().GetBool("high_risk") {
				return highRiskDerived()
			}
			return e.Next()
		}})
}

// followHighRisk runs after the save, inside the room hook's transaction
// (see register.go): a session that has just become Canceled updates its
// client's flag.
func followHighRisk(e *core.RecordEvent) error {
	wasCanceled := e.Record.Original().GetString("status") == domain.StatusCanceled
	if err := e.Next(); err != nil {
		return err
	}
	if wasCanceled || e.Record.GetString("status") != domain.StatusCanceled {
		return nil
	}
	_, err := jobs.UpdateClientRisk(e.App, e.Record.GetString("client"))
	return err
}

func highRiskDerived() error {
	return domain.Invalid("high_risk", "high_risk is derived from the client's cancellations (more than 2 and more than half of its sessions); it cannot be set.")
}
