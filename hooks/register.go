// Package hooks binds the studio's rules to PocketBase: record hooks, error
// mapping, custom routes and the static web app. Register is the only entry
// point, so tests get exactly the production wiring.
package hooks

import (
	"github.com/pocketbase/pocketbase/core"
)

// Register wires every studio hook and route into app.
func Register(app core.App) {
	registerErrorMapping(app)
	registerDefaults(app)
	registerValidation(app)
	registerDeactivation(app)
	registerUserGuards(app)
	registerPermissionSync(app)
	registerPrivacy(app)
	registerAssignmentSync(app)
	registerSettingsGuards(app)
	registerLifecycle(app)
	registerScheduling(app)
	registerNotifications(app)
	registerReports(app)
	registerMirror(app)
	registerStatic(app)
}
