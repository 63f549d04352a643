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
// API or the dashboard. The app routes by URL fragment, so there is no
// index fallback: an unknown path (an API route this build lacks) answers
// 404, which the app relies on to hide pages whose API is absent.
func registerStatic(app core.App) {
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Id:       "studio.static",
		Priority: 999,
		Func: func(se *core.ServeEvent) error {
			if !se.Router.HasRoute(http.MethodGet, "/{path...}") {
				se.Router.GET("/{path...}", apis.Static(pbpublic.FS, false))
			}
			return se.Next()
		},
	})
}
