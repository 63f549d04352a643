package rbac

import (
	"strings"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/model"
)

// Rules are the five API rules of one collection. A nil rule means
// "superusers only"; PocketBase treats "" as "everyone".
type Rules struct {
	List, View, Create, Update, Delete *string
}

// activeStaff holds for a request authenticated as an Active users record.
const activeStaff = `@request.auth.collectionName = "users" && @request.auth.status = "Active"`

// has is the rule fragment "the caller holds p". users.permissions is the
// union of the user's roles' permissions, recomputed in the same
// transaction whenever a user's roles or a role's permissions change, so an
// edited role applies at once, without a deploy.
//
// The match is on the field's JSON text with the code in quotes (an exact
// element match: no code contains another's quoted form). A ":each ?="
// join would be shared by every check in one rule, so "holds A and B" could
// never be true.
func has(p Permission) string {
	return `@request.auth.permissions ~ '"` + p + `"'`
}

// anyOf is "the caller holds one of ps".
func anyOf(ps ...Permission) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = has(p)
	}
	return "(" + strings.Join(parts, " || ") + ")"
}

// allow is an Active staff member holding one of ps, plus optional extra
// conditions (and-ed).
func allow(ps []Permission, extra ...string) string {
	parts := []string{activeStaff}
	if len(ps) > 0 {
		parts = append(parts, anyOf(ps...))
	}
	parts = append(parts, extra...)
	return strings.Join(parts, " && ")
}

func ptr(s string) *string { return &s }

// oneOf renders `field = "a" || field = "b"` in parentheses.
func oneOf(field string, values []string) string {
	parts := make([]string, len(values))
	for i, v := range values {
		parts[i] = field + ` = "` + v + `"`
	}
	return "(" + strings.Join(parts, " || ") + ")"
}

// sessionScope is the visibility of a session, reached through prefix
// ("" on sessions, "session." on its children). eq is "=" for a single
// path and "?=" through a back-relation (any of the client's sessions).
//
// session.view.all sees all; session.view.own sees sessions where the caller
// is an assigned photographer (assigned_photographers holds the active,
// non-Reassigned assignments) or the assigned editor; holders of
// session.view.own with session.mark-ready (editors) also see every
// Attended session: the editing queue.
//
// The photographer test is a LIKE on assigned_photographers' JSON text, not
// a json_each join: at 100,000 sessions it answers several times faster
// (docs/performance.md) and matches the same rows, since users ids are
// exactly 15 characters of [a-z0-9], so a match is one whole element.
func sessionScope(prefix, eq string) string {
	own := "(" + prefix + "assigned_photographers ~ @request.auth.id" +
		" || " + prefix + "assigned_editor " + eq + " @request.auth.id" +
		" || (" + prefix + `status ` + eq + ` "` + domain.StatusAttended + `" && ` + has(SessionMarkReady) + "))"
	return "(" + has(SessionViewAll) + " || (" + has(SessionViewOwn) + " && " + own + "))"
}

// editableSession is "the caller may edit the session's content in its
// current state": session.edit.all always, session.edit.pre-assigned only
// up to Confirmed.
func editableSession(prefix string) string {
	return "(" + has(SessionEditAll) + " || (" + has(SessionEditPreAssigned) +
		" && " + oneOf(prefix+"status", domain.PreAssignedStatuses) + "))"
}

// CollectionRules returns the API rules of every studio collection. The
// migrations apply them; TestRulesMatchSource checks the database holds them.
func CollectionRules() map[string]Rules {
	staff := ptr(activeStaff)
	sessionView := ptr(allow(nil, sessionScope("", "=")))
	childView := ptr(allow(nil, sessionScope("session.", "=")))
	catalog := func(create, edit, del Permission) Rules {
		return Rules{List: staff, View: staff,
			Create: ptr(allow([]Permission{create})),
			Update: ptr(allow([]Permission{edit})),
			Delete: ptr(allow([]Permission{del}))}
	}
	clientView := ptr(allow(nil, "("+has(ClientView)+" || ("+has(SessionViewOwn)+" && "+
		"(sessions_via_client.assigned_photographers:each ?= @request.auth.id"+
		" || sessions_via_client.assigned_editor ?= @request.auth.id"+
		` || (sessions_via_client.status ?= "`+domain.StatusAttended+`" && `+has(SessionMarkReady)+"))))"))
	paymentWriters := []Permission{SessionEditPreAssigned, SessionEditAll}
	ownOnly := ptr(activeStaff + " && user = @request.auth.id")

	return map[string]Rules{
		"users": {
			List:   ptr(allow(nil, "(id = @request.auth.id || "+anyOf(UserView, SessionViewAll, SessionAssignResources)+")")),
			View:   ptr(allow(nil, "(id = @request.auth.id || "+anyOf(UserView, SessionViewAll, SessionAssignResources)+")")),
			Create: ptr(allow([]Permission{UserCreate})),
			Update: ptr(allow(nil, "(id = @request.auth.id || "+has(UserEdit)+")")),
			Delete: ptr(allow([]Permission{UserDelete})),
		},
		"roles": {List: staff, View: staff,
			Create: ptr(allow([]Permission{UserAssignRole})),
			Update: ptr(allow([]Permission{UserAssignRole})),
			Delete: nil},
		"clients": {List: clientView, View: clientView,
			Create: ptr(allow([]Permission{ClientCreate})),
			Update: ptr(allow([]Permission{ClientEdit})),
			Delete: ptr(allow([]Permission{ClientDelete}))},
		"items":         catalog(ItemCreate, ItemEdit, ItemDelete),
		"packages":      catalog(PackageCreate, PackageEdit, PackageDelete),
		"package_items": catalog(PackageEdit, PackageEdit, PackageEdit),
		"rooms":         catalog(RoomCreate, RoomEdit, RoomDelete),
		model.Sessions: {List: sessionView, View: sessionView,
			Create: ptr(allow([]Permission{SessionCreate})),
			Update: ptr(allow(nil, editableSession(""))),
			Delete: ptr(allow([]Permission{SessionDelete}))},
		model.SessionLines: {List: childView, View: childView,
			Create: ptr(allow(nil, editableSession("session."))),
			Update: ptr(allow(nil, editableSession("session."))),
			Delete: ptr(allow(nil, editableSession("session.")))},
		model.SessionPhotographers: {List: childView, View: childView,
			Create: ptr(allow([]Permission{SessionAssignResources})),
			Update: ptr(allow([]Permission{SessionAssignResources})),
			Delete: ptr(allow([]Permission{SessionAssignResources}))},
		model.SessionPayments: {
			List:   ptr(allow([]Permission{SessionViewAll, ReportFinancial})),
			View:   ptr(allow([]Permission{SessionViewAll, ReportFinancial})),
			Create: ptr(allow(paymentWriters)),
			Update: ptr(allow(paymentWriters, `payment_status = "`+domain.PaymentPending+`"`)),
			Delete: ptr(allow(paymentWriters, `payment_status = "`+domain.PaymentPending+`"`)),
		},
		"session_status_history": {List: childView, View: childView},
		"notifications": {List: ownOnly, View: ownOnly,
			Update: ptr(*ownOnly + " && @request.body.user:isset = false && @request.body.kind:isset = false" +
				" && @request.body.title:isset = false && @request.body.body:isset = false && @request.body.session:isset = false")},
		"studio_settings": {List: staff, View: staff, Update: ptr(allow([]Permission{SystemSettings}))},
		"audit_log": {
			List: ptr(allow([]Permission{SystemAuditLog})),
			View: ptr(allow([]Permission{SystemAuditLog}))},
		"outbox": {
			List: ptr(allow([]Permission{SystemSettings})),
			View: ptr(allow([]Permission{SystemSettings}))},
		"job_runs": {
			List: ptr(allow([]Permission{SystemSettings})),
			View: ptr(allow([]Permission{SystemSettings}))},
		"integrity_anomalies": {
			List: ptr(allow([]Permission{SystemSettings})),
			View: ptr(allow([]Permission{SystemSettings}))},
	}
}

// AuthRule is the users collection's auth rule: only Active users obtain a
// token (existing tokens of deactivated users fail every rule above too).
const AuthRule = `status = "Active"`

// ManageRule lets holders of user.edit change other users' email and password.
var ManageRule = allow([]Permission{UserEdit})
