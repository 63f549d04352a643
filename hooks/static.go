package hooks

import (
	"net/http"
	"strings"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	pbpublic "github.com/studio/studio/pb_public"
)

// registerStatic serves the embedded staff web app at /. It binds last and
// only if nothing else claimed the catch-all route, so it never shadows the
// API or the dashboard. The app routes by URL fragment, so there is no
// index fallback: an unknown path answers 404 (the app relies on it to
// hide pages whose API is absent), and a path under /api that no route
// serves answers PocketBase's JSON 404, as other methods already do.
func registerStatic(app core.App) {
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Id:       "studio.static",
		Priority: 999,
		Func: func(se *core.ServeEvent) error {
			if !se.Router.HasRoute(http.MethodGet, "/{path...}") {
				static := apis.Static(pbpublic.FS, false)
				se.Router.GET("/{path...}", func(e *core.RequestEvent) error {
					if p := e.Request.URL.Path; p == "/api" || strings.HasPrefix(p, "/api/") {
						return e.NotFoundError("", nil)
					}
					return static(e)
				})
			}
			return se.Next()
		},
	})
}
