// Package hooks binds the studio's rules to PocketBase: record hooks, error
// mapping, custom routes and the static web app. Register is the only entry
// point, so tests get exactly the production wiring.
//
// Layout: one file per collection holds that collection's model and request
// hooks (sessions.go, session_lines.go, session_payments.go,
// session_photographers.go, users.go, roles.go, clients.go, catalog.go for
// items and packages, settings.go, outbox.go; deactivation.go for the
// collections whose records are deactivated rather than deleted); one
// api_<group>.go per group of custom routes; errors.go maps domain errors to
// API errors; shared.go holds the helpers the files share; mirror.go logs
// the changes of the collections the PostgreSQL mirror copies and runs its
// cron jobs; static.go serves the web app.
//
// # Order of the sessions model hooks
//
// Within one event PocketBase runs handlers by ascending Priority, and each
// runs the rest of the chain when it calls e.Next(). The sessions hooks
// depend on their order, so each has an id and an explicit priority:
//
//	event     prio  id                              why here
//	create     10   studio.sessions.defaults        fills status, editing days, deposit % before anything reads them
//	create     20   studio.sessions.code            opens the transaction the later hooks and the insert share
//	create     30   studio.sessions.guard           Request only, no transition field, no past date (reads the defaulted status)
//	create     40   studio.sessions.room            room check, then the insert; runs in the code's transaction
//	update     10   studio.sessions.guard           restores code, status and transition fields a caller may not change, before the room check reads them
//	update     20   studio.sessions.room            opens the transaction; room check; after the save, assignments follow the new times
//	update     30   studio.sessions.open-flags      after the save, inside the room hook's transaction: assignments' session_open
//	update     40   studio.sessions.high-risk       after the save, inside the same transaction: the client's high_risk on a cancellation (high_risk.go)
//	validate   10   studio.sessions.cents           amounts as sent, in whole cents
//	validate   20   studio.sessions.fields          end after start, location of External sessions
//	validate   30   studio.sessions.photographers   assigned_photographers from the assignments, when the save may change them (session_derived.go)
//	validate   40   studio.sessions.totals          subtotal, total, deposit_amount from the lines, likewise; a total below what was paid refused
//
// PocketBase's own hooks bracket these: its field interceptors at -99 and,
// on validate, its field validation at 99, after the studio's checks. The
// session_photographers hooks are ordered the same way (see
// session_photographers.go).
package hooks

import (
	"github.com/pocketbase/pocketbase/core"
)

// Register wires every studio hook and route into app.
func Register(app core.App) {
	registerErrorMapping(app)
	registerRecordGuards(app)
	registerListTotals(app)
	registerAuditFields(app)
	registerRuleRefusals(app)
	registerDeactivation(app)
	registerUsers(app)
	registerRoles(app)
	registerClients(app)
	registerCatalog(app)
	registerSettingsGuards(app)
	registerSessions(app)
	registerSessionLines(app)
	registerSessionPayments(app)
	registerSessionPhotographers(app)
	registerOutbox(app)
	registerMirror(app)

	registerSessionsAPI(app)
	registerScheduleAPI(app)
	registerCalendarAPI(app)
	registerNotificationsAPI(app)
	registerHighRisk(app)
	registerCron(app)
	registerJobRoutes(app)
	registerReportsAPI(app)
	registerStatic(app)
}
