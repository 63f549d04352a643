package migrations

// The values the studio schema migration applies, as they stood when it
// was written: select values, permission codes, the API rules, the seeded
// roles and settings. They are frozen history; the live sources
// (internal/domain, internal/rbac, internal/settings) may move on, and a
// change there reaches existing databases through a new migration.
// TestRulesMatchSource and TestSeedMatchesSource (tests/api) report any
// drift between these values and the live ones.

// schemaSessionStatuses are the session states, happy path first.
var schemaSessionStatuses = []string{"Request", "Negotiation", "Pre-scheduled", "Confirmed", "Assigned", "Attended", "In Editing", "Ready for Delivery", "Completed", "Canceled"}

// schemaItemTypes are the catalog's item kinds.
var schemaItemTypes = []string{"Digital Photo", "Printed Photo", "Album", "Video", "Frame", "Service", "Other"}

// schemaUnitMeasures are the units an item is sold by.
var schemaUnitMeasures = []string{"Unit", "Hour", "Package"}

// schemaPaymentMethods are the accepted ways of paying.
var schemaPaymentMethods = []string{"Cash", "Card", "Transfer", "Check", "Other"}

// schemaCancellationInitiators are who may cancel a session.
var schemaCancellationInitiators = []string{"client", "company", "force_majeure", "system"}

// schemaLanguages are the email languages shipped with the schema.
var schemaLanguages = []string{"es", "en"}

// schemaPermissions are the permission codes, in the order of the matrix.
var schemaPermissions = []string{"session.create", "session.view.own", "session.view.all", "session.edit.pre-assigned", "session.edit.all", "session.delete", "session.assign-resources", "session.cancel", "session.mark-attended", "session.mark-ready", "client.create", "client.view", "client.edit", "client.delete", "item.create", "item.edit", "item.delete", "package.create", "package.edit", "package.delete", "room.create", "room.edit", "room.delete", "user.create", "user.view", "user.edit", "user.delete", "user.assign-role", "report.session", "report.financial", "report.performance", "system.settings", "system.audit-log"}

// schemaRole is one seeded role.
type schemaRole struct {
	name, description string
	permissions       []string
}

// schemaRoles is the role matrix as seeded.
var schemaRoles = []schemaRole{
	{"Admin", "Owner and studio administration: everything.", []string{"session.create", "session.view.own", "session.view.all", "session.edit.pre-assigned", "session.edit.all", "session.delete", "session.assign-resources", "session.cancel", "session.mark-attended", "session.mark-ready", "client.create", "client.view", "client.edit", "client.delete", "item.create", "item.edit", "item.delete", "package.create", "package.edit", "package.delete", "room.create", "room.edit", "room.delete", "user.create", "user.view", "user.edit", "user.delete", "user.assign-role", "report.session", "report.financial", "report.performance", "system.settings", "system.audit-log"}},
	{"Coordinator", "Books and runs sessions, clients and resources.", []string{"session.create", "session.view.own", "session.view.all", "session.edit.pre-assigned", "session.assign-resources", "session.cancel", "session.mark-attended", "session.mark-ready", "client.create", "client.view", "client.edit", "report.session", "report.financial", "report.performance"}},
	{"Photographer", "Covers the sessions assigned to them.", []string{"session.view.own", "session.mark-attended"}},
	{"Editor", "Takes attended sessions from the editing queue and delivers them.", []string{"session.view.own", "session.mark-ready"}},
}

// schemaRuleSet is the five API rules of one collection. A nil rule is
// "superusers only"; PocketBase reads "" as "everyone".
type schemaRuleSet struct {
	List, View, Create, Update, Delete *string
}

// schemaRules are the API rules of every studio collection.
var schemaRules = map[string]schemaRuleSet{
	"audit_log": {
		List:   ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active" && (@request.auth.permissions ~ '"system.audit-log"')`),
		View:   ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active" && (@request.auth.permissions ~ '"system.audit-log"')`),
		Create: nil,
		Update: nil,
		Delete: nil,
	},
	"clients": {
		List:   ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active" && (@request.auth.permissions ~ '"client.view"' || (@request.auth.permissions ~ '"session.view.own"' && (sessions_via_client.assigned_photographers:each ?= @request.auth.id || sessions_via_client.assigned_editor ?= @request.auth.id || (sessions_via_client.status ?= "Attended" && @request.auth.permissions ~ '"session.mark-ready"'))))`),
		View:   ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active" && (@request.auth.permissions ~ '"client.view"' || (@request.auth.permissions ~ '"session.view.own"' && (sessions_via_client.assigned_photographers:each ?= @request.auth.id || sessions_via_client.assigned_editor ?= @request.auth.id || (sessions_via_client.status ?= "Attended" && @request.auth.permissions ~ '"session.mark-ready"'))))`),
		Create: ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active" && (@request.auth.permissions ~ '"client.create"')`),
		Update: ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active" && (@request.auth.permissions ~ '"client.edit"')`),
		Delete: ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active" && (@request.auth.permissions ~ '"client.delete"')`),
	},
	"items": {
		List:   ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active"`),
		View:   ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active"`),
		Create: ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active" && (@request.auth.permissions ~ '"item.create"')`),
		Update: ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active" && (@request.auth.permissions ~ '"item.edit"')`),
		Delete: ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active" && (@request.auth.permissions ~ '"item.delete"')`),
	},
	"notifications": {
		List:   ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active" && user = @request.auth.id`),
		View:   ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active" && user = @request.auth.id`),
		Create: nil,
		Update: ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active" && user = @request.auth.id && @request.body.user:isset = false && @request.body.kind:isset = false && @request.body.title:isset = false && @request.body.body:isset = false && @request.body.session:isset = false`),
		Delete: nil,
	},
	"outbox": {
		List:   ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active" && (@request.auth.permissions ~ '"system.settings"')`),
		View:   ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active" && (@request.auth.permissions ~ '"system.settings"')`),
		Create: nil,
		Update: nil,
		Delete: nil,
	},
	"package_items": {
		List:   ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active"`),
		View:   ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active"`),
		Create: ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active" && (@request.auth.permissions ~ '"package.edit"')`),
		Update: ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active" && (@request.auth.permissions ~ '"package.edit"')`),
		Delete: ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active" && (@request.auth.permissions ~ '"package.edit"')`),
	},
	"packages": {
		List:   ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active"`),
		View:   ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active"`),
		Create: ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active" && (@request.auth.permissions ~ '"package.create"')`),
		Update: ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active" && (@request.auth.permissions ~ '"package.edit"')`),
		Delete: ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active" && (@request.auth.permissions ~ '"package.delete"')`),
	},
	"roles": {
		List:   ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active"`),
		View:   ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active"`),
		Create: ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active" && (@request.auth.permissions ~ '"user.assign-role"')`),
		Update: ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active" && (@request.auth.permissions ~ '"user.assign-role"')`),
		Delete: nil,
	},
	"rooms": {
		List:   ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active"`),
		View:   ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active"`),
		Create: ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active" && (@request.auth.permissions ~ '"room.create"')`),
		Update: ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active" && (@request.auth.permissions ~ '"room.edit"')`),
		Delete: ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active" && (@request.auth.permissions ~ '"room.delete"')`),
	},
	"session_lines": {
		List:   ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active" && (@request.auth.permissions ~ '"session.view.all"' || (@request.auth.permissions ~ '"session.view.own"' && (session.assigned_photographers:each ?= @request.auth.id || session.assigned_editor = @request.auth.id || (session.status = "Attended" && @request.auth.permissions ~ '"session.mark-ready"'))))`),
		View:   ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active" && (@request.auth.permissions ~ '"session.view.all"' || (@request.auth.permissions ~ '"session.view.own"' && (session.assigned_photographers:each ?= @request.auth.id || session.assigned_editor = @request.auth.id || (session.status = "Attended" && @request.auth.permissions ~ '"session.mark-ready"'))))`),
		Create: ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active" && (@request.auth.permissions ~ '"session.edit.all"' || (@request.auth.permissions ~ '"session.edit.pre-assigned"' && (session.status = "Request" || session.status = "Negotiation" || session.status = "Pre-scheduled" || session.status = "Confirmed")))`),
		Update: ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active" && (@request.auth.permissions ~ '"session.edit.all"' || (@request.auth.permissions ~ '"session.edit.pre-assigned"' && (session.status = "Request" || session.status = "Negotiation" || session.status = "Pre-scheduled" || session.status = "Confirmed")))`),
		Delete: ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active" && (@request.auth.permissions ~ '"session.edit.all"' || (@request.auth.permissions ~ '"session.edit.pre-assigned"' && (session.status = "Request" || session.status = "Negotiation" || session.status = "Pre-scheduled" || session.status = "Confirmed")))`),
	},
	"session_payments": {
		List:   ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active" && (@request.auth.permissions ~ '"session.view.all"' || @request.auth.permissions ~ '"report.financial"')`),
		View:   ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active" && (@request.auth.permissions ~ '"session.view.all"' || @request.auth.permissions ~ '"report.financial"')`),
		Create: ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active" && (@request.auth.permissions ~ '"session.edit.pre-assigned"' || @request.auth.permissions ~ '"session.edit.all"')`),
		Update: ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active" && (@request.auth.permissions ~ '"session.edit.pre-assigned"' || @request.auth.permissions ~ '"session.edit.all"') && payment_status = "Pending"`),
		Delete: ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active" && (@request.auth.permissions ~ '"session.edit.pre-assigned"' || @request.auth.permissions ~ '"session.edit.all"') && payment_status = "Pending"`),
	},
	"session_photographers": {
		List:   ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active" && (@request.auth.permissions ~ '"session.view.all"' || (@request.auth.permissions ~ '"session.view.own"' && (session.assigned_photographers:each ?= @request.auth.id || session.assigned_editor = @request.auth.id || (session.status = "Attended" && @request.auth.permissions ~ '"session.mark-ready"'))))`),
		View:   ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active" && (@request.auth.permissions ~ '"session.view.all"' || (@request.auth.permissions ~ '"session.view.own"' && (session.assigned_photographers:each ?= @request.auth.id || session.assigned_editor = @request.auth.id || (session.status = "Attended" && @request.auth.permissions ~ '"session.mark-ready"'))))`),
		Create: ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active" && (@request.auth.permissions ~ '"session.assign-resources"')`),
		Update: ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active" && (@request.auth.permissions ~ '"session.assign-resources"')`),
		Delete: ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active" && (@request.auth.permissions ~ '"session.assign-resources"')`),
	},
	"session_status_history": {
		List:   ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active" && (@request.auth.permissions ~ '"session.view.all"' || (@request.auth.permissions ~ '"session.view.own"' && (session.assigned_photographers:each ?= @request.auth.id || session.assigned_editor = @request.auth.id || (session.status = "Attended" && @request.auth.permissions ~ '"session.mark-ready"'))))`),
		View:   ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active" && (@request.auth.permissions ~ '"session.view.all"' || (@request.auth.permissions ~ '"session.view.own"' && (session.assigned_photographers:each ?= @request.auth.id || session.assigned_editor = @request.auth.id || (session.status = "Attended" && @request.auth.permissions ~ '"session.mark-ready"'))))`),
		Create: nil,
		Update: nil,
		Delete: nil,
	},
	"sessions": {
		List:   ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active" && (@request.auth.permissions ~ '"session.view.all"' || (@request.auth.permissions ~ '"session.view.own"' && (assigned_photographers:each ?= @request.auth.id || assigned_editor = @request.auth.id || (status = "Attended" && @request.auth.permissions ~ '"session.mark-ready"'))))`),
		View:   ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active" && (@request.auth.permissions ~ '"session.view.all"' || (@request.auth.permissions ~ '"session.view.own"' && (assigned_photographers:each ?= @request.auth.id || assigned_editor = @request.auth.id || (status = "Attended" && @request.auth.permissions ~ '"session.mark-ready"'))))`),
		Create: ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active" && (@request.auth.permissions ~ '"session.create"')`),
		Update: ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active" && (@request.auth.permissions ~ '"session.edit.all"' || (@request.auth.permissions ~ '"session.edit.pre-assigned"' && (status = "Request" || status = "Negotiation" || status = "Pre-scheduled" || status = "Confirmed")))`),
		Delete: ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active" && (@request.auth.permissions ~ '"session.delete"')`),
	},
	"studio_settings": {
		List:   ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active"`),
		View:   ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active"`),
		Create: nil,
		Update: ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active" && (@request.auth.permissions ~ '"system.settings"')`),
		Delete: nil,
	},
	"users": {
		List:   ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active" && (id = @request.auth.id || (@request.auth.permissions ~ '"user.view"' || @request.auth.permissions ~ '"session.view.all"' || @request.auth.permissions ~ '"session.assign-resources"'))`),
		View:   ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active" && (id = @request.auth.id || (@request.auth.permissions ~ '"user.view"' || @request.auth.permissions ~ '"session.view.all"' || @request.auth.permissions ~ '"session.assign-resources"'))`),
		Create: ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active" && (@request.auth.permissions ~ '"user.create"')`),
		Update: ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active" && (id = @request.auth.id || @request.auth.permissions ~ '"user.edit"')`),
		Delete: ptrS(`@request.auth.collectionName = "users" && @request.auth.status = "Active" && (@request.auth.permissions ~ '"user.delete"')`),
	},
}

// schemaAuthRule is the users collection's auth rule: only Active users
// obtain a token.
const schemaAuthRule = `status = "Active"`

// schemaManageRule lets holders of user.edit change other users' email and
// password.
const schemaManageRule = `@request.auth.collectionName = "users" && @request.auth.status = "Active" && (@request.auth.permissions ~ '"user.edit"')`

// schemaSettings are the seeded studio settings: the defaults of
// docs/rules.md §11.
var schemaSettings = map[string]any{
	"studio_name":                      "Studio",
	"payment_deadline_days":            5,
	"changes_deadline_days":            7,
	"default_editing_days":             5,
	"default_deposit_percentage":       50.0,
	"refund_within_deadline":           100.0,
	"refund_after_deadline":            50.0,
	"refund_force_majeure":             100.0,
	"refund_client_after_assigned":     0.0,
	"remote_transportation_cost":       200.0,
	"max_concurrent_editing_sessions":  10,
	"require_full_payment_to_complete": true,
	"timezone":                         "America/Guatemala",
	"currency":                         "GTQ",
	"language":                         "es",
}
