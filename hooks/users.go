package hooks

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/rbac"
	"github.com/studio/studio/internal/schedule"
)

// registerUsers binds the user hooks: the guards of the requests and the
// derived permissions.
func registerUsers(app core.App) {
	registerUserGuards(app)
	registerPermissionSync(app)
	app.OnRecordUpdate("users").BindFunc(releaseIneligible)
}

// releaseIneligible, after a user's save that leaves them no longer an
// Active Photographer (deactivated, role removed, or a role changed under
// them), releases their assignments of sessions not yet attended in the
// same transaction (schedule.ReleaseIneligible, docs/rules.md §6.5).
func releaseIneligible(e *core.RecordEvent) error {
	return inTransaction(e, func(tx core.App) error {
		if err := e.Next(); err != nil {
			return err
		}
		_, err := schedule.ReleaseIneligible(tx, e.Record.Id)
		return err
	})
}

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

// registerPermissionSync keeps users.permissions equal to the union of the
// user's roles' permissions. The API rules read that field, so it is
// derived state: recomputed on every save of a user, whatever a caller
// sent (roles.go follows a change of a role).
func registerPermissionSync(app core.App) {
	app.OnRecordValidate("users").BindFunc(func(e *core.RecordEvent) error {
		perms, err := rbac.PermissionsOf(e.App, e.Record)
		if err != nil {
			return err
		}
		e.Record.Set("permissions", perms)
		return e.Next()
	})
}
