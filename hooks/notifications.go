package hooks

import "github.com/pocketbase/pocketbase/core"

// registerNotifications wires outbox delivery, templates and staff notifications (issue 5).
func registerNotifications(app core.App) {
	_ = app
}
