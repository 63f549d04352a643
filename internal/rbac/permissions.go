// Package rbac is the one source of truth for who may do what: the permission
// codes of docs/rules.md §1, the seeded role matrix, the PocketBase API rule
// strings built from them, and the Go checks custom routes use.
package rbac

// Permission is a permission code as stored in roles.permissions.
type Permission = string

// The permission codes of docs/rules.md §1.
const (
	SessionCreate          Permission = "session.create"
	SessionViewOwn         Permission = "session.view.own"
	SessionViewAll         Permission = "session.view.all"
	SessionEditPreAssigned Permission = "session.edit.pre-assigned"
	SessionEditAll         Permission = "session.edit.all"
	SessionDelete          Permission = "session.delete"
	SessionAssignResources Permission = "session.assign-resources"
	SessionCancel          Permission = "session.cancel"
	SessionMarkAttended    Permission = "session.mark-attended"
	SessionMarkReady       Permission = "session.mark-ready"
	ClientCreate           Permission = "client.create"
	ClientView             Permission = "client.view"
	ClientEdit             Permission = "client.edit"
	ClientDelete           Permission = "client.delete"
	ItemCreate             Permission = "item.create"
	ItemEdit               Permission = "item.edit"
	ItemDelete             Permission = "item.delete"
	PackageCreate          Permission = "package.create"
	PackageEdit            Permission = "package.edit"
	PackageDelete          Permission = "package.delete"
	RoomCreate             Permission = "room.create"
	RoomEdit               Permission = "room.edit"
	RoomDelete             Permission = "room.delete"
	UserCreate             Permission = "user.create"
	UserView               Permission = "user.view"
	UserEdit               Permission = "user.edit"
	UserDelete             Permission = "user.delete"
	UserAssignRole         Permission = "user.assign-role"
	ReportSession          Permission = "report.session"
	ReportFinancial        Permission = "report.financial"
	ReportPerformance      Permission = "report.performance"
	SystemSettings         Permission = "system.settings"
	SystemAuditLog         Permission = "system.audit-log"
)

// All lists every permission code, in the order of the matrix.
var All = []Permission{
	SessionCreate, SessionViewOwn, SessionViewAll, SessionEditPreAssigned,
	SessionEditAll, SessionDelete, SessionAssignResources, SessionCancel,
	SessionMarkAttended, SessionMarkReady,
	ClientCreate, ClientView, ClientEdit, ClientDelete,
	ItemCreate, ItemEdit, ItemDelete, PackageCreate, PackageEdit, PackageDelete,
	RoomCreate, RoomEdit, RoomDelete,
	UserCreate, UserView, UserEdit, UserDelete, UserAssignRole,
	ReportSession, ReportFinancial, ReportPerformance,
	SystemSettings, SystemAuditLog,
}

// CoordinatorPermission is what makes a user "a coordinator" where the
// domain names one without a permission (marking attended, marking ready,
// completing, changing editing days): holding session.assign-resources,
// as Admins and Coordinators do in the seeded matrix. A permission rather
// than a role name, so an edited role applies like everywhere else.
const CoordinatorPermission = SessionAssignResources

// Role names seeded by the migrations.
const (
	RoleAdmin        = "Admin"
	RoleCoordinator  = "Coordinator"
	RolePhotographer = "Photographer"
	RoleEditor       = "Editor"
)

// HoldsRoleSQL is the SQL condition "the user aliased u holds the role
// named {:role}", for queries that list staff by role.
const HoldsRoleSQL = `EXISTS (SELECT 1 FROM json_each(u.roles) j JOIN roles r ON r.id = j.value WHERE r.name = {:role})`

// RoleNames lists the seeded roles.
var RoleNames = []string{RoleAdmin, RoleCoordinator, RolePhotographer, RoleEditor}

// DefaultRoles is the matrix of docs/rules.md §1 as seeded; afterwards the roles
// collection is the truth and an Admin may edit it.
var DefaultRoles = map[string][]Permission{
	RoleAdmin: All,
	RoleCoordinator: {
		SessionCreate, SessionViewOwn, SessionViewAll, SessionEditPreAssigned,
		SessionAssignResources, SessionCancel, SessionMarkAttended, SessionMarkReady,
		ClientCreate, ClientView, ClientEdit,
		ReportSession, ReportFinancial, ReportPerformance,
	},
	RolePhotographer: {SessionViewOwn, SessionMarkAttended},
	RoleEditor:       {SessionViewOwn, SessionMarkReady},
}

// RoleDescriptions are the seeded role descriptions.
var RoleDescriptions = map[string]string{
	RoleAdmin:        "Owner and studio administration: everything.",
	RoleCoordinator:  "Books and runs sessions, clients and resources.",
	RolePhotographer: "Covers the sessions assigned to them.",
	RoleEditor:       "Takes attended sessions from the editing queue and delivers them.",
}
