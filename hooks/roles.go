package hooks

import (
	"slices"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// registerRoles keeps users.permissions right when a role changes or goes:
// every holder of the role is saved again (which recomputes the field, see
// users.go), and a deleted role leaves its holders' roles, in the same
// transaction as the role's change.
func registerRoles(app core.App) {
	resync := func(e *core.RecordEvent) error {
		return inTransaction(e, func(tx core.App) error {
			if err := e.Next(); err != nil {
				return err
			}
			holders, err := tx.FindRecordsByFilter("users", "roles.id ?= {:role}", "", 0, 0, dbx.Params{"role": e.Record.Id})
			if err != nil {
				return err
			}
			for _, u := range holders {
				if e.Type == core.ModelEventTypeDelete {
					u.Set("roles", slices.DeleteFunc(u.GetStringSlice("roles"), func(id string) bool { return id == e.Record.Id }))
				}
				if err := tx.Save(u); err != nil {
					return err
				}
			}
			return nil
		})
	}
	app.OnRecordUpdate("roles").BindFunc(resync)
	app.OnRecordDelete("roles").BindFunc(resync)
}
