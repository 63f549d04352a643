package guard

import (
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/rbac"
)

// Scope names the collections one caller reads only in part (its own
// sessions, its own notifications, ...), each with the permission that
// would open it whole.
//
// PocketBase resolves the joins of a filter or sort without the joined
// collection's read rule: a filter on a record the caller may read could
// otherwise test the fields of records it may not (another photographer's
// session through the client's sessions_via_client, any payment through
// @collection.session_payments). A filter or sort may therefore enter such
// a collection only by a relation its read rule follows (ownerRelations);
// a back-relation, an @collection join or any other relation into it is
// refused (docs/rules.md §1). Expands are not concerned: PocketBase checks
// the read rule of every record it expands.
type Scope map[string]string

// ownerRelations are the relations whose target the caller reads whenever
// it reads the source: a session's parts are read with the session, and a
// session's client with the session (docs/rules.md §1).
var ownerRelations = map[string]bool{
	"session_lines.session":          true,
	"session_payments.session":       true,
	"session_photographers.session":  true,
	"session_status_history.session": true,
	"sessions.client":                true,
}

// everyone is the permission reported for a collection no user reads whole.
const everyone = "superuser"

// ScopeFor answers the collections actor reads only in part, mirroring the
// list rules of the schema; nil for a superuser. A guest (actor nil) reads
// none of them.
func ScopeFor(actor *rbac.Actor) Scope {
	if actor != nil && (actor.Superuser || actor.System) {
		return nil
	}
	s := Scope{}
	add := func(collection string, permission rbac.Permission, opens ...rbac.Permission) {
		if !actor.CanAny(append(opens, permission)...) {
			s[collection] = string(permission)
		}
	}
	for _, c := range []string{"sessions", "session_lines", "session_photographers", "session_status_history"} {
		add(c, rbac.SessionViewAll)
	}
	add("session_payments", rbac.SessionViewAll, rbac.ReportFinancial)
	add("clients", rbac.ClientView)
	add("users", rbac.UserView, rbac.SessionViewAll, rbac.SessionAssignResources)
	add("audit_log", rbac.SystemAuditLog)
	add("outbox", rbac.SystemSettings)
	s["notifications"] = everyone
	return s
}

// Reach walks one field path of a filter or sort and refuses, with 403
// FORBIDDEN on the step, the first step that enters a collection of the
// scope other than by an owner relation. @request paths (the caller's own
// data) are not joins.
func (s Scope) Reach(app core.App, collection *core.Collection, path string) error {
	if len(s) == 0 || (strings.HasPrefix(path, "@") && !strings.HasPrefix(path, "@collection.")) {
		return nil
	}
	steps := strings.Split(path, ".")
	cur := collection
	if strings.HasPrefix(path, "@collection.") {
		if len(steps) < 2 {
			return nil
		}
		name, _, _ := strings.Cut(steps[1], ":")
		cur = find(app, name)
		if cur != nil {
			if err := s.enter(cur, steps[1]); err != nil {
				return err
			}
		}
		steps = steps[2:]
	}
	for i, step := range steps {
		if cur == nil {
			return nil
		}
		field, _, _ := strings.Cut(step, ":")
		to := next(app, cur, field)
		if to == nil {
			return nil
		}
		_, forward := cur.Fields.GetByName(field).(*core.RelationField)
		// A forward relation compared as it is (or by its id) reads only
		// the ids stored on the record in scope, nothing of the target.
		if forward && (i == len(steps)-1 || (i == len(steps)-2 && steps[i+1] == "id")) {
			return nil
		}
		if !forward || !ownerRelations[cur.Name+"."+field] {
			if err := s.enter(to, step); err != nil {
				return err
			}
		}
		cur = to
	}
	return nil
}

// enter refuses a join into to when the caller reads it only in part.
func (s Scope) enter(to *core.Collection, step string) error {
	permission, scoped := s[to.Name]
	if !scoped {
		return nil
	}
	return domain.Errorf(domain.CodeForbidden,
		"A filter or sort may not reach %s records through %q: you may read only some of them.", to.Name, step).
		On(step).With("collection", to.Name).With("permission", permission)
}
