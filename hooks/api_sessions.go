package hooks

import (
	"fmt"
	"net/http"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/shopspring/decimal"

	"github.com/studio/studio/internal/catalog"
	"github.com/studio/studio/internal/lifecycle"
	"github.com/studio/studio/internal/payments"
)

// registerSessionsAPI adds the session routes under /api/studio/sessions:
//
//	POST /{id}/transitions  → the session after a lifecycle transition
//	POST /{id}/lines        → the session and the lines of an item or package
func registerSessionsAPI(app core.App) {
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Id: "studio.api.sessions",
		Func: func(se *core.ServeEvent) error {
			g := se.Router.Group("/api/studio/sessions")
			g.Bind(apis.RequireAuth())
			g.POST("/{id}/transitions", transitionRoute)
			g.POST("/{id}/lines", addLineRoute)
			return se.Next()
		},
	})
}

// transitionRoute decodes the body with lifecycle.DecodeRequest (the
// fuzzed decoder) and runs the transition.
func transitionRoute(e *core.RequestEvent) error {
	raw, err := requestBody(e)
	if err != nil {
		return err
	}
	body, err := lifecycle.DecodeRequest(raw)
	if err != nil {
		return err
	}
	actor, err := requestActor(e)
	if err != nil {
		return err
	}
	res, err := lifecycle.Transition(e.App, e.Request.PathValue("id"), body.To, actor, body.Input)
	if err != nil {
		return err
	}
	return respondSession(e, res.Session.ProxyRecord(), res.Refund)
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

// lineBody is the JSON of POST /api/studio/sessions/{id}/lines.
type lineBody struct {
	Item     string           `json:"item"`
	Package  string           `json:"package"`
	Quantity *decimal.Decimal `json:"quantity"`
}

// addLineRoute adds an item line or explodes a package into a session
// (catalog.AddLines), answering the session and the new lines.
func addLineRoute(e *core.RequestEvent) error {
	raw, err := requestBody(e)
	if err != nil {
		return err
	}
	body, err := decodeLineRequest(raw)
	if err != nil {
		return err
	}
	add := catalog.Addition{Item: body.Item, Package: body.Package, Quantity: *body.Quantity}
	actor, err := requestActor(e)
	if err != nil {
		return err
	}
	added, err := catalog.AddLines(e.App, e.Request.PathValue("id"), actor, add)
	if err != nil {
		return err
	}
	lines := make([]*core.Record, len(added.Lines))
	for i, l := range added.Lines {
		lines[i] = l.ProxyRecord()
	}
	if err := apis.EnrichRecord(e, added.Session.ProxyRecord()); err != nil {
		return fmt.Errorf("enrich session: %w", err)
	}
	if err := apis.EnrichRecords(e, lines); err != nil {
		return fmt.Errorf("enrich lines: %w", err)
	}
	return e.JSON(http.StatusOK, map[string]any{"session": added.Session.ProxyRecord(), "lines": lines})
}
