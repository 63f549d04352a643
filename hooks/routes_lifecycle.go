package hooks

import (
	"fmt"
	"net/http"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/lifecycle"
	"github.com/studio/studio/internal/payments"
	"github.com/studio/studio/internal/rbac"
)

// bindLifecycleRoutes adds the lifecycle routes under /api/studio.
func bindLifecycleRoutes(se *core.ServeEvent) {
	g := se.Router.Group("/api/studio/sessions")
	g.Bind(apis.RequireAuth())
	g.POST("/{id}/transitions", transitionRoute)
	g.POST("/{id}/lines", addLineRoute)
}

// transitionBody is the JSON of POST /api/studio/sessions/{id}/transitions.
type transitionBody struct {
	To string `json:"to"`
	lifecycle.Input
}

func transitionRoute(e *core.RequestEvent) error {
	var body transitionBody
	if err := e.BindBody(&body); err != nil {
		return domain.Invalid("to", "The body must be JSON: {\"to\": \"<status>\", ...}.")
	}
	if body.To == "" {
		return domain.Invalid("to", "Give the target status in \"to\".")
	}
	actor, err := rbac.ActorFor(e.App, e.Auth)
	if err != nil {
		return err
	}
	res, err := lifecycle.Transition(e.App, e.Request.PathValue("id"), body.To, actor, body.Input)
	if err != nil {
		return err
	}
	return respondSession(e, res.Session, res.Refund)
}

// respondSession answers the session as the records API would (enriched
// for the caller), plus the refund decision of a cancellation.
func respondSession(e *core.RequestEvent, session *core.Record, refund *payments.Decision) error {
	if err := apis.EnrichRecord(e, session); err != nil {
		return fmt.Errorf("enrich session: %w", err)
	}
	if refund != nil {
		session.WithCustomData(true)
		session.Set("refund", refundJSON(refund))
	}
	return e.JSON(http.StatusOK, session)
}

func refundJSON(d *payments.Decision) map[string]any {
	return map[string]any{"amount": d.Amount.StringFixed(2), "percentage": d.Percentage.String(), "rule": d.Rule}
}
