package hooks

import (
	"net/http"

	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
)

// statusCollections are the collections whose records are Active until
// deactivated (docs/rules.md §1).
var statusCollections = []string{"users", "clients", "items", "packages", "rooms"}

// registerDeactivation gives a new record of statusCollections the status
// Active unless told otherwise, and turns a DELETE of a user, client, item, package or
// room into deactivation (status Inactive), as docs/rules.md §1 requires: the
// record and its history stay readable. The collection's delete rule still
// decides who may do it. The default delete is deliberately not run, so
// this handler does not call e.Next().
func registerDeactivation(app core.App) {
	app.OnRecordCreate(statusCollections...).BindFunc(func(e *core.RecordEvent) error {
		if e.Record.GetString("status") == "" {
			e.Record.Set("status", domain.Active)
		}
		return e.Next()
	})
	app.OnRecordDeleteRequest(statusCollections...).BindFunc(func(e *core.RecordRequestEvent) error {
		if e.Record.GetString("status") != domain.Inactive {
			e.Record.Set("status", domain.Inactive)
			if err := e.App.Save(e.Record); err != nil {
				return err
			}
		}
		return e.NoContent(http.StatusNoContent)
	})
}
