package hooks

import (
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/studio/studio/internal/guard"
	"github.com/studio/studio/internal/model"
)

// sessionsTotalKey marks a sessions list whose total the studio counts
// (guard.CountVisibleSessions) instead of PocketBase.
const sessionsTotalKey = "studio.sessions.total"

// registerListTotals answers the totalItems of a staff member's sessions
// list from indexes. PocketBase still selects the page under the list rule;
// only its count, which evaluates the rule on every session row, is
// replaced: the request reaches PocketBase with skipTotal, and the total is
// filled in before the answer is written. A caller that asked for
// skipTotal itself, a superuser (no rule) and a guest keep PocketBase's
// path unchanged (docs/performance.md).
func registerListTotals(app core.App) {
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Id: "studio.sessions.list-total",
		Func: func(se *core.ServeEvent) error {
			se.Router.Bind(&hook.Handler[*core.RequestEvent]{Id: "studio.sessions.list-total", Func: deferSessionsTotal})
			return se.Next()
		},
	})
	// After the list guard (priority 0), which refuses a filter out of the
	// caller's scope before anything is counted.
	app.OnRecordsListRequest(model.Sessions).Bind(&hook.Handler[*core.RecordsListRequestEvent]{
		Id: "studio.sessions.list-total", Priority: 10, Func: fillSessionsTotal,
	})
}

// deferSessionsTotal turns a staff member's sessions list that wants its
// total into one with skipTotal, and marks it for fillSessionsTotal.
func deferSessionsTotal(e *core.RequestEvent) error {
	if e.Request.Method != http.MethodGet || e.Auth == nil || e.Auth.IsSuperuser() ||
		e.Request.PathValue("id") != "" || !strings.HasSuffix(e.Request.URL.Path, "/records") {
		return e.Next()
	}
	name := e.Request.PathValue("collection")
	if name == "" {
		return e.Next()
	}
	c, err := e.App.FindCachedCollectionByNameOrId(name)
	if err != nil || c.Name != model.Sessions {
		return e.Next()
	}
	q := e.Request.URL.Query()
	if raw := q.Get("skipTotal"); raw != "" {
		if skip, err := strconv.ParseBool(raw); err != nil || skip {
			return e.Next() // PocketBase answers as asked (or refuses the value)
		}
	}
	q.Set("skipTotal", "1")
	e.Request.URL.RawQuery = q.Encode()
	e.Set(sessionsTotalKey, true)
	return e.Next()
}

// fillSessionsTotal sets totalItems and totalPages of a list marked by
// deferSessionsTotal.
func fillSessionsTotal(e *core.RecordsListRequestEvent) error {
	if e.Get(sessionsTotalKey) != true {
		return e.Next()
	}
	info, err := e.RequestInfo()
	if err != nil {
		return err
	}
	n, err := guard.CountVisibleSessions(e.App, info, e.Request.URL.Query().Get("filter"))
	if err != nil {
		return err
	}
	e.Result.TotalItems = n
	e.Result.TotalPages = int(math.Ceil(float64(n) / float64(e.Result.PerPage)))
	return e.Next()
}
