package hooks

import (
	"github.com/pocketbase/pocketbase/core"
)

// registerNotifications wires the outbox guards and the notification routes
// (template preview, outbox retry). The delivery worker is not started
// here: main.go starts it with `serve` only (notify.StartWithServe), so
// tests and CLI commands never send mail unless they ask for it.
func registerNotifications(app core.App) {
	registerOutboxGuards(app)
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		registerNotificationRoutes(se)
		return se.Next()
	})
}
