package hooks

import (
	"errors"
	"net/http"
	"strings"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/router"

	"github.com/studio/studio/internal/domain"
)

// registerRuleRefusals makes a refusal by an API rule answer 403 FORBIDDEN
// in the docs/rules.md §10 shape under "rule" wherever PocketBase's own answer lets the
// studio tell it apart (docs/foundation.md, "Refusals"):
//   - a failed create rule, which PocketBase answers 400;
//   - an update or delete of a record the caller may view but not change,
//     which PocketBase answers 404 (a record the caller may not view stays
//     404, so that its existence is not revealed);
//   - PocketBase's own 403 answers (superuser-only actions), which carry no
//     code.
//
// It sits inside the error mapping middleware, so it sees PocketBase's
// errors as they leave the handlers. The batch API runs its sub-requests
// past the router; there a sub-response keeps PocketBase's answer.
func registerRuleRefusals(app core.App) {
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Id: "studio.rule-refusals",
		Func: func(se *core.ServeEvent) error {
			se.Router.Bind(&hook.Handler[*core.RequestEvent]{
				Id:       "studio.rule-refusals",
				Priority: -9999,
				Func: func(e *core.RequestEvent) error {
					err := e.Next()
					if err == nil {
						return nil
					}
					return ruleRefusal(e, err)
				},
			})
			return se.Next()
		},
	})
}

// ruleRefusal answers the FORBIDDEN error a PocketBase rule refusal stands
// for, or err unchanged.
func ruleRefusal(e *core.RequestEvent, err error) error {
	var ae *router.ApiError
	if !errors.As(err, &ae) || len(ae.Data) != 0 || findDomainError(err) != nil {
		return err
	}
	collection, id := e.Request.PathValue("collection"), e.Request.PathValue("id")
	onRecords := collection != "" && strings.HasPrefix(e.Request.URL.Path, "/api/collections/")
	switch {
	case ae.Status == http.StatusForbidden:
		return forbiddenByRule(ae.Message, collection, "")
	case ae.Status == http.StatusBadRequest && onRecords && id == "" && e.Request.Method == http.MethodPost && createRuleFailed(ae):
		return forbiddenByRule("", collection, "create")
	case ae.Status == http.StatusNotFound && onRecords && id != "" &&
		(e.Request.Method == http.MethodPatch || e.Request.Method == http.MethodDelete) && callerMayView(e, collection, id):
		action := "update"
		if e.Request.Method == http.MethodDelete {
			action = "delete"
		}
		return forbiddenByRule("", collection, action)
	}
	return err
}

// createRuleFailed reports whether PocketBase's 400 is its create rule
// refusing the record (and not, say, invalid data, which carries field
// errors, or a rule that does not build).
func createRuleFailed(ae *router.ApiError) bool {
	raw, ok := ae.RawData().(error)
	return ok && strings.HasPrefix(raw.Error(), "create rule failure")
}

// callerMayView reports whether the record exists and the caller passes
// its collection's view rule.
func callerMayView(e *core.RequestEvent, collectionName, id string) bool {
	c, err := e.App.FindCachedCollectionByNameOrId(collectionName)
	if err != nil || c.ViewRule == nil {
		return false
	}
	record, err := e.App.FindRecordById(c, id)
	if err != nil {
		return false
	}
	info, err := e.RequestInfo()
	if err != nil {
		return false
	}
	ok, _ := e.App.CanAccessRecord(record, info, c.ViewRule)
	return ok
}

// forbiddenByRule is the docs/rules.md §10 FORBIDDEN error under "rule".
func forbiddenByRule(message, collection, action string) error {
	if message == "" {
		message = "The API rules do not allow you to " + action + " this " + collection + " record."
	}
	err := &domain.Error{ErrCode: domain.CodeForbidden, Msg: message, Field: "rule", Details: map[string]any{}}
	if collection != "" {
		err.Details["collection"] = collection
	}
	if action != "" {
		err.Details["action"] = action
	}
	return err
}
