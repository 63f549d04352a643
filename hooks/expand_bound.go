package hooks

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/studio/studio/internal/guard"
)

// registerExpandBound holds the expand bound of docs/rules.md §1 on every
// route, not only the record routes the record guards see: PocketBase
// expands the "expand" query parameter wherever it answers records (the
// auth routes answer the user with its expands) and so do the studio
// routes that answer a session. A request whose expand passes the bound
// answers 400 VALIDATION_ERROR on expand before its handler runs. The
// parameter is read as PocketBase reads it, its first value.
func registerExpandBound(app core.App) {
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Id: "studio.guard.expand-bound",
		Func: func(se *core.ServeEvent) error {
			se.Router.Bind(&hook.Handler[*core.RequestEvent]{
				Id: "studio.guard.expand-bound",
				Func: func(e *core.RequestEvent) error {
					if err := guard.Expand(e.Request.URL.Query().Get("expand")); err != nil {
						return err
					}
					return e.Next()
				},
			})
			return se.Next()
		},
	})
}
