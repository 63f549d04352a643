package hooks

import (
	"slices"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/rbac"
)

// registerUserGuards keeps the parts of a user that the update rule cannot
// tell apart: roles change only with user.assign-role, status only with
// user.delete (deactivation) or user.edit, and never by the user themself.
func registerUserGuards(app core.App) {
	app.OnRecordCreateRequest("users").BindFunc(func(e *core.RecordRequestEvent) error {
		actor, err := requestActor(e.RequestEvent)
		if err != nil {
			return err
		}
		if len(e.Record.GetStringSlice("roles")) > 0 && !actor.Can(rbac.UserAssignRole) {
			return domain.Forbidden(rbac.UserAssignRole).On("roles")
		}
		return e.Next()
	})

	app.OnRecordUpdateRequest("users").BindFunc(func(e *core.RecordRequestEvent) error {
		actor, err := requestActor(e.RequestEvent)
		if err != nil {
			return err
		}
		old := e.Record.Original()
		if !sameSet(old.GetStringSlice("roles"), e.Record.GetStringSlice("roles")) && !actor.Can(rbac.UserAssignRole) {
			return domain.Forbidden(rbac.UserAssignRole).On("roles")
		}
		if old.GetString("status") != e.Record.GetString("status") {
			if actor.ID() == e.Record.Id {
				return domain.Invalid("status", "You cannot change your own status.")
			}
			if !actor.CanAny(rbac.UserEdit, rbac.UserDelete) {
				return domain.Forbidden(rbac.UserEdit).On("status")
			}
		}
		return e.Next()
	})
}

// requestActor resolves the request's caller into an rbac.Actor.
func requestActor(e *core.RequestEvent) (*rbac.Actor, error) {
	return rbac.ActorFor(e.App, e.Auth)
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

// registerPermissionSync keeps users.permissions equal to the union of the
// user's roles' permissions. The API rules read that field, so it is
// derived state: recomputed on every save of a user (whatever a caller
// sent), and for every holder of a role when the role changes or goes,
// in the same transaction.
func registerPermissionSync(app core.App) {
	app.OnRecordValidate("users").BindFunc(func(e *core.RecordEvent) error {
		perms, err := rbac.PermissionsOf(e.App, e.Record)
		if err != nil {
			return err
		}
		e.Record.Set("permissions", perms)
		return e.Next()
	})

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
