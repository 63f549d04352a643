package migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// The "own sessions" test of the list and view rules of sessions and its
// children becomes a LIKE on assigned_photographers' stored JSON text in
// place of a json_each join: one string match per row instead of a joined
// table-valued function plus a DISTINCT over the join. It matches exactly
// the same rows: users ids are exactly 15 characters of [a-z0-9] (the id
// field's min, max and pattern), so a 15-character run of the text
// `["id1","id2"]` without quotes or commas is one whole element.
//
// The rules are literal copies, as every migration's are; rbac's source
// builds the same strings.
const (
	ownScopeEachSelf    = `@request.auth.collectionName = "users" && @request.auth.status = "Active" && (@request.auth.permissions ~ '"session.view.all"' || (@request.auth.permissions ~ '"session.view.own"' && (assigned_photographers:each ?= @request.auth.id || assigned_editor = @request.auth.id || (status = "Attended" && @request.auth.permissions ~ '"session.mark-ready"'))))`
	ownScopeLikeSelf    = `@request.auth.collectionName = "users" && @request.auth.status = "Active" && (@request.auth.permissions ~ '"session.view.all"' || (@request.auth.permissions ~ '"session.view.own"' && (assigned_photographers ~ @request.auth.id || assigned_editor = @request.auth.id || (status = "Attended" && @request.auth.permissions ~ '"session.mark-ready"'))))`
	ownScopeEachSession = `@request.auth.collectionName = "users" && @request.auth.status = "Active" && (@request.auth.permissions ~ '"session.view.all"' || (@request.auth.permissions ~ '"session.view.own"' && (session.assigned_photographers:each ?= @request.auth.id || session.assigned_editor = @request.auth.id || (session.status = "Attended" && @request.auth.permissions ~ '"session.mark-ready"'))))`
	ownScopeLikeSession = `@request.auth.collectionName = "users" && @request.auth.status = "Active" && (@request.auth.permissions ~ '"session.view.all"' || (@request.auth.permissions ~ '"session.view.own"' && (session.assigned_photographers ~ @request.auth.id || session.assigned_editor = @request.auth.id || (session.status = "Attended" && @request.auth.permissions ~ '"session.mark-ready"'))))`
)

// setOwnScope writes self on sessions and child on its child collections,
// as both the list and the view rule.
func setOwnScope(app core.App, self, child string) error {
	rules := map[string]string{
		"sessions": self, "session_lines": child, "session_photographers": child, "session_status_history": child,
	}
	for name, rule := range rules {
		c, err := app.FindCollectionByNameOrId(name)
		if err != nil {
			return err
		}
		list, view := rule, rule
		c.ListRule, c.ViewRule = &list, &view
		if err := app.Save(c); err != nil {
			return fmt.Errorf("%s rules: %w", name, err)
		}
	}
	return nil
}

func init() {
	m.Register(func(app core.App) error {
		return setOwnScope(app, ownScopeLikeSelf, ownScopeLikeSession)
	}, func(app core.App) error {
		return setOwnScope(app, ownScopeEachSelf, ownScopeEachSession)
	})
}
