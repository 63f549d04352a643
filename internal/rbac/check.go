package rbac

import (
	"slices"

	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
)

// Actor is who asks for an action: a staff user, a superuser, or the system
// (cron, CLI, Go code) when Record is nil and System is true.
type Actor struct {
	Record      *core.Record
	Superuser   bool
	System      bool
	permissions []Permission
}

// SystemActor is the actor of jobs and internal Go code; it may do anything
// the domain allows the system to do.
func SystemActor() *Actor { return &Actor{System: true} }

// ActorFor resolves a request's auth record into an Actor holding the
// user's permissions (users.permissions, kept equal to the union of the
// roles' permissions). A nil record is a guest.
func ActorFor(app core.App, auth *core.Record) (*Actor, error) {
	a := &Actor{Record: auth}
	if auth == nil {
		return a, nil
	}
	if auth.IsSuperuser() {
		a.Superuser = true
		return a, nil
	}
	if auth.Collection().Name != "users" || auth.GetString("status") != domain.Active {
		return a, nil
	}
	a.permissions = auth.GetStringSlice("permissions")
	return a, nil
}

// PermissionsOf computes the union of the permissions of the user's roles
// from the roles collection; hooks store it in users.permissions.
func PermissionsOf(app core.App, user *core.Record) ([]Permission, error) {
	ids := user.GetStringSlice("roles")
	if len(ids) == 0 {
		return nil, nil
	}
	roles, err := app.FindRecordsByIds("roles", ids)
	if err != nil {
		return nil, err
	}
	var out []Permission
	for _, r := range roles {
		for _, p := range r.GetStringSlice("permissions") {
			if !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
	}
	return out, nil
}

// Can reports whether the actor holds the permission. Superusers and the
// system hold every permission.
func (a *Actor) Can(p Permission) bool {
	if a == nil {
		return false
	}
	if a.Superuser || a.System {
		return true
	}
	return slices.Contains(a.permissions, p)
}

// CanAny reports whether the actor holds at least one of the permissions.
func (a *Actor) CanAny(ps ...Permission) bool {
	for _, p := range ps {
		if a.Can(p) {
			return true
		}
	}
	return false
}

// ID is the actor's user id, empty for the system and for superusers (who
// are not users records).
func (a *Actor) ID() string {
	if a == nil || a.Record == nil || a.Superuser {
		return ""
	}
	return a.Record.Id
}

// Require returns a FORBIDDEN domain error unless the actor holds p.
func (a *Actor) Require(p Permission) error {
	if a.Can(p) {
		return nil
	}
	return domain.Forbidden(p)
}
