package hooks

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/guard"
	"github.com/studio/studio/internal/rbac"
)

// registerClients binds the client hooks: a new client is an Individual
// unless told otherwise, and the private client fields are hidden from
// staff without client.view on every way a record leaves the server (REST
// list and view, expand, realtime). Filters, sorts and expands that would
// probe them are refused by the record guards (record_guards.go).
func registerClients(app core.App) {
	app.OnRecordCreate("clients").BindFunc(func(e *core.RecordEvent) error {
		if e.Record.GetString("client_type") == "" {
			e.Record.Set("client_type", domain.ClientIndividual)
		}
		return e.Next()
	})

	app.OnRecordEnrich("clients").BindFunc(func(e *core.RecordEnrichEvent) error {
		if e.RequestInfo == nil || e.RequestInfo.Auth == nil || e.RequestInfo.Auth.IsSuperuser() {
			return e.Next()
		}
		actor, err := rbac.ActorFor(e.App, e.RequestInfo.Auth)
		if err != nil {
			return err
		}
		if !actor.Can(rbac.ClientView) {
			e.Record.Hide(guard.ClientPrivateFields...)
		}
		return e.Next()
	})
}
