package guard

import (
	"fmt"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/search"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/model"
	"github.com/studio/studio/internal/rbac"
)

// CountVisibleSessions answers the totalItems of a staff member's list of
// sessions: the sessions matching filter that the sessions list rule lets
// the caller read (docs/rules.md §1.5), counted from indexes.
//
// PocketBase counts a list by evaluating the list rule on every row. The
// rule is an OR whose branches depend on the caller's permissions, read
// through a join of the caller's users row, so SQLite can drive no index
// with it and counts a photographer's 7,000 sessions by reading all
// 100,000 (docs/performance.md). Here the permissions, which are the same
// for every row of one request, are decided in Go first, and each branch
// left is a range of one index holding the session id
// (migrations/1764250000_list_scope_indexes.go): the sessions of the
// caller's assignments not Reassigned (which is what assigned_photographers
// holds, §1.6), the sessions the caller edits, the Attended sessions.
//
// filter is the request's filter, resolved exactly as PocketBase resolves
// it for the list. The rows themselves are still selected by PocketBase
// under the rule; TestSessionsTotalMatchesTheRows checks the two agree for
// every role.
func CountVisibleSessions(app core.App, info *core.RequestInfo, filter string) (int, error) {
	collection, err := app.FindCachedCollectionByNameOrId(model.Sessions)
	if err != nil {
		return 0, err
	}
	actor, err := rbac.ActorFor(app, info.Auth)
	if err != nil {
		return 0, err
	}
	ids, params, scope := visibleSessionIDs(actor)
	if scope == seesNone {
		return 0, nil
	}
	if filter == "" {
		if scope == seesAll {
			return countSQL(app, "SELECT COUNT(*) FROM {{"+model.Sessions+"}}", nil)
		}
		return countScope(app, ids, params)
	}
	var n int
	query := app.RecordQuery(collection)
	// As PocketBase's list does for a caller who is not a superuser: hidden
	// fields stay out of reach, and a join into another collection carries
	// that collection's list rule.
	resolver := core.NewRecordFieldResolver(app, collection, info, false)
	expr, err := search.FilterData(filter).BuildExpr(resolver)
	if err != nil {
		return 0, err
	}
	query.AndWhere(expr)
	if scope == seesSome {
		query.AndWhere(dbx.NewExp("[["+model.Sessions+".id]] IN ("+ids+")", params))
	}
	if err := resolver.UpdateQuery(query); err != nil {
		return 0, err
	}
	count := "COUNT(*)"
	if query.Info().Distinct { // the filter joined other tables
		count = "COUNT(DISTINCT [[" + model.Sessions + ".id]])"
	}
	if err := query.Distinct(false).Select(count).OrderBy().Row(&n); err != nil {
		return 0, fmt.Errorf("count visible sessions: %w", err)
	}
	return n, nil
}

// countScope counts the union of the scope's branches. The photographer's
// branch (assignments) and the sessions' branches (editor, Attended) are
// counted apart, each a range of an index with no de-duplication beyond
// one photographer's sessions; only a caller found in both, an editor who
// also photographs, pays for the union.
func countScope(app core.App, union string, params dbx.Params) (int, error) {
	photographed, err := countSQL(app, "SELECT COUNT(DISTINCT [[session]]) FROM {{"+model.SessionPhotographers+"}}"+
		" WHERE [[photographer]] = {:scopeMe} AND [[assignment_status]] != {:scopeReassigned}", params)
	if err != nil {
		return 0, err
	}
	edited, err := countSQL(app, "SELECT COUNT(*) FROM {{"+model.Sessions+"}} WHERE [[assigned_editor]] = {:scopeMe}", params)
	if err != nil {
		return 0, err
	}
	rest := edited
	if _, queue := params["scopeAttended"]; queue {
		// edited ∪ Attended = edited + Attended − edited and Attended
		attended, err := countSQL(app, "SELECT COUNT(*) FROM {{"+model.Sessions+"}} WHERE [[status]] = {:scopeAttended}", params)
		if err != nil {
			return 0, err
		}
		both, err := countSQL(app, "SELECT COUNT(*) FROM {{"+model.Sessions+"}} WHERE [[assigned_editor]] = {:scopeMe} AND [[status]] = {:scopeAttended}", params)
		if err != nil {
			return 0, err
		}
		rest += attended - both
	}
	if photographed == 0 || rest == 0 {
		return photographed + rest, nil
	}
	return countSQL(app, "SELECT COUNT(*) FROM ("+union+")", params)
}

func countSQL(app core.App, q string, params dbx.Params) (int, error) {
	var n int
	if err := app.DB().NewQuery(q).Bind(params).Row(&n); err != nil {
		return 0, fmt.Errorf("count visible sessions: %w", err)
	}
	return n, nil
}

type sessionsScope int

const (
	seesNone sessionsScope = iota
	seesSome
	seesAll
)

// visibleSessionIDs is the sessions list rule (rbac's sessionScope) with
// the caller's permissions decided: a query of the ids of the sessions the
// caller reads when that is some of them.
func visibleSessionIDs(actor *rbac.Actor) (string, dbx.Params, sessionsScope) {
	// ActorFor gives no permission to a caller that is not an Active users
	// record, as the rule's "Active staff" test refuses it.
	if actor.Can(rbac.SessionViewAll) {
		return "", nil, seesAll
	}
	if !actor.Can(rbac.SessionViewOwn) {
		return "", nil, seesNone
	}
	params := dbx.Params{"scopeMe": actor.ID(), "scopeReassigned": domain.AssignmentReassigned}
	branches := []string{
		"SELECT [[session]] FROM {{" + model.SessionPhotographers + "}} WHERE [[photographer]] = {:scopeMe} AND [[assignment_status]] != {:scopeReassigned}",
		"SELECT [[id]] FROM {{" + model.Sessions + "}} WHERE [[assigned_editor]] = {:scopeMe}",
	}
	if actor.Can(rbac.SessionMarkReady) {
		params["scopeAttended"] = domain.StatusAttended
		branches = append(branches, "SELECT [[id]] FROM {{"+model.Sessions+"}} WHERE [[status]] = {:scopeAttended}")
	}
	return strings.Join(branches, " UNION "), params, seesSome
}
