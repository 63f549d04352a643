package hooks

import (
	"errors"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/router"

	"github.com/studio/studio/internal/domain"
)

// apiError turns a domain error anywhere in err's chain (or inside an
// ApiError PocketBase built around it) into the ApiError of docs/rules.md §10:
// the status of its code and data {field: {code, message, params}}. Other
// errors pass through unchanged.
func apiError(err error) error {
	if err == nil {
		return nil
	}
	de := findDomainError(err)
	if de == nil {
		return err
	}
	return router.NewApiError(de.HTTPStatus(), de.Msg, map[string]router.SafeErrorItem{de.Field: de})
}

func findDomainError(err error) *domain.Error {
	var de *domain.Error
	if errors.As(err, &de) {
		return de
	}
	var ae *router.ApiError
	if errors.As(err, &ae) {
		if raw, ok := ae.RawData().(error); ok && raw != err {
			return findDomainError(raw)
		}
	}
	return nil
}

// registerErrorMapping installs a router-wide middleware so that a domain
// error returned from any model hook, record API or custom route reaches the
// client with its docs/rules.md §10 status and code. The batch API runs its sub-requests
// through the record handlers directly, past the router, so the record
// request hooks map the error too: each sub-response then carries its own
// status and code.
func registerErrorMapping(app core.App) {
	app.OnRecordCreateRequest().Bind(&hook.Handler[*core.RecordRequestEvent]{Id: "studio.errors.create", Priority: -10000,
		Func: func(e *core.RecordRequestEvent) error { return apiError(e.Next()) }})
	app.OnRecordUpdateRequest().Bind(&hook.Handler[*core.RecordRequestEvent]{Id: "studio.errors.update", Priority: -10000,
		Func: func(e *core.RecordRequestEvent) error { return apiError(e.Next()) }})
	app.OnRecordDeleteRequest().Bind(&hook.Handler[*core.RecordRequestEvent]{Id: "studio.errors.delete", Priority: -10000,
		Func: func(e *core.RecordRequestEvent) error { return apiError(e.Next()) }})

	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Id: "studio.errors",
		Func: func(se *core.ServeEvent) error {
			se.Router.Bind(&hook.Handler[*core.RequestEvent]{
				Id:       "studio.errors",
				Priority: -10000,
				Func: func(e *core.RequestEvent) error {
					return apiError(e.Next())
				},
			})
			return se.Next()
		},
	})
}
