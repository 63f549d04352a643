package hooks

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/studio/studio/internal/guard"
)

// registerRecordGuards checks, before PocketBase runs them, the filter, sort
// and expand of every record request (list, view, create, update; REST and
// batch) and every realtime subscription, with one check
// (internal/guard): no field path may name a field the caller cannot read
// (403 FORBIDDEN), no expand may pass the bound of docs/rules.md §1 (400
// VALIDATION_ERROR on expand), and a subscription is read exactly as
// PocketBase reads it, refused whole (400) when it cannot be.
func registerRecordGuards(app core.App) {
	registerExpandBound(app)
	registerRealtimeRecheck(app)
	app.OnRecordsListRequest().Bind(&hook.Handler[*core.RecordsListRequestEvent]{
		Id: "studio.guard.list",
		Func: func(e *core.RecordsListRequestEvent) error {
			if err := checkRecordQuery(e.RequestEvent, e.Collection, true); err != nil {
				return err
			}
			return e.Next()
		},
	})
	app.OnRecordViewRequest().Bind(&hook.Handler[*core.RecordRequestEvent]{
		Id: "studio.guard.view",
		Func: func(e *core.RecordRequestEvent) error {
			if err := checkRecordQuery(e.RequestEvent, e.Collection, false); err != nil {
				return err
			}
			return e.Next()
		},
	})
	write := func(e *core.RecordRequestEvent) error {
		if err := checkRecordQuery(e.RequestEvent, e.Collection, false); err != nil {
			return err
		}
		return e.Next()
	}
	app.OnRecordCreateRequest().Bind(&hook.Handler[*core.RecordRequestEvent]{Id: "studio.guard.create", Priority: -100, Func: write})
	app.OnRecordUpdateRequest().Bind(&hook.Handler[*core.RecordRequestEvent]{Id: "studio.guard.update", Priority: -100, Func: write})

	app.OnRealtimeSubscribeRequest().Bind(&hook.Handler[*core.RealtimeSubscribeRequestEvent]{
		Id: "studio.guard.realtime",
		Func: func(e *core.RealtimeSubscribeRequestEvent) error {
			hidden, err := guard.HiddenFor(e.App, e.Auth)
			if err != nil {
				return err
			}
			for _, sub := range e.Subscriptions {
				if err := hidden.Subscription(e.App, sub); err != nil {
					return err
				}
			}
			return e.Next()
		},
	})
}

// checkRecordQuery runs the guard over the request's query: filter and sort
// only where PocketBase reads them (lists), expand everywhere.
func checkRecordQuery(e *core.RequestEvent, collection *core.Collection, list bool) error {
	q := e.Request.URL.Query()
	filter, sort := "", ""
	if list {
		filter, sort = q.Get("filter"), q.Get("sort")
	}
	if filter == "" && sort == "" && q.Get("expand") == "" {
		return nil
	}
	hidden, err := guard.HiddenFor(e.App, e.Auth)
	if err != nil {
		return err
	}
	return hidden.Query(e.App, collection, filter, sort, q.Get("expand"))
}
