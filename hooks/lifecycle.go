package hooks

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// registerLifecycle wires the session lifecycle (issue 3, docs/lifecycle.md):
// session codes, the state-machine guard and derived money on sessions,
// detail lines and packages, payments, and the /api/studio routes for
// transitions and lines.
func registerLifecycle(app core.App) {
	registerSessionCodes(app)
	registerSessionGuards(app)
	registerSessionRequests(app)
	registerLines(app)
	registerPayments(app)
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Id: "studio.lifecycle.routes",
		Func: func(se *core.ServeEvent) error {
			bindLifecycleRoutes(se)
			return se.Next()
		},
	})
}
