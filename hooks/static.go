package hooks

import (
	"net/http"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	pbpublic "github.com/studio/studio/pb_public"
)

// registerStatic serves the embedded staff web app at /. It binds last and
// only if nothing else claimed the catch-all route, so it never shadows the
// API or the dashboard.
func registerStatic(app core.App) {
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Id:       "studio.static",
		Priority: 999,
		Func: func(se *core.ServeEvent) error {
			if !se.Router.HasRoute(http.MethodGet, "/{path...}") {
				se.Router.GET("/{path...}", apis.Static(pbpublic.FS, true))
			}
			return se.Next()
		},
	})
}
