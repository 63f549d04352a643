package hooks

import (
	"fmt"
	"net/http"
	"slices"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/shopspring/decimal"

	"github.com/studio/studio/internal/catalog"
	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/lifecycle"
	"github.com/studio/studio/internal/money"
	"github.com/studio/studio/internal/payments"
	"github.com/studio/studio/internal/rbac"
	"github.com/studio/studio/internal/settings"
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

// lineBody is the JSON of POST /api/studio/sessions/{id}/lines.
type lineBody struct {
	Item     string           `json:"item"`
	Package  string           `json:"package"`
	Quantity *decimal.Decimal `json:"quantity"`
}

// addLineRoute adds an item line or explodes a package into a session, in
// one transaction with the totals, answering the session and the new lines.
func addLineRoute(e *core.RequestEvent) error {
	var body lineBody
	if err := e.BindBody(&body); err != nil {
		return domain.Invalid("quantity", "The body must be JSON: {\"item\" or \"package\": id, \"quantity\": n}.")
	}
	if (body.Item == "") == (body.Package == "") {
		return domain.Invalid("item", "Give exactly one of item or package.")
	}
	if body.Quantity == nil {
		one := decimal.NewFromInt(1)
		body.Quantity = &one
	}
	if !body.Quantity.IsPositive() || body.Quantity.GreaterThan(decimal.NewFromInt(100000)) || !body.Quantity.Equal(body.Quantity.Round(2)) {
		return domain.Invalid("quantity", "The quantity must be greater than 0, at most 100000, with at most two decimals.")
	}
	actor, err := rbac.ActorFor(e.App, e.Auth)
	if err != nil {
		return err
	}
	var session *core.Record
	var added []*core.Record
	err = e.App.RunInTransaction(func(tx core.App) error {
		session, added, err = addLines(tx, e.Request.PathValue("id"), actor, body)
		return err
	})
	if err != nil {
		return err
	}
	if err := apis.EnrichRecord(e, session); err != nil {
		return fmt.Errorf("enrich session: %w", err)
	}
	if err := apis.EnrichRecords(e, added); err != nil {
		return fmt.Errorf("enrich lines: %w", err)
	}
	return e.JSON(http.StatusOK, map[string]any{"session": session, "lines": added})
}

func addLines(tx core.App, sessionID string, actor *rbac.Actor, body lineBody) (*core.Record, []*core.Record, error) {
	session, err := tx.FindRecordById("sessions", sessionID)
	if err != nil || !lifecycle.Visible(actor, session) {
		return nil, nil, domain.Errorf(domain.CodeSessionNotFound, "Session %s not found.", sessionID).With("id", sessionID)
	}
	if !actor.CanAny(rbac.SessionEditPreAssigned, rbac.SessionEditAll) {
		return nil, nil, domain.Forbidden(rbac.SessionEditPreAssigned)
	}
	audit, err := catalog.Change(session.GetString("status"), session.GetDateTime("changes_deadline").Time(), settings.Now(tx), actor.Can(rbac.SessionEditAll))
	if err != nil {
		return nil, nil, err
	}
	var lines []catalog.Line
	kind, ref := domain.LineItem, body.Item
	if body.Item != "" {
		it, err := activeItem(tx, body.Item)
		if err != nil {
			return nil, nil, err
		}
		lines = []catalog.Line{catalog.ItemLine(it, *body.Quantity)}
	} else {
		kind, ref = domain.LinePackage, body.Package
		if lines, err = explodePackage(tx, session, body.Package, *body.Quantity); err != nil {
			return nil, nil, err
		}
	}
	added, err := saveLines(tx, session.Id, actor, kind, ref, lines)
	if err != nil {
		return nil, nil, err
	}
	if kind == domain.LinePackage {
		if err := followEditingDays(tx, session.Id); err != nil {
			return nil, nil, err
		}
	}
	if audit {
		if err := writeAudit(tx, actor, "session.lines.added-after-deadline", "sessions", session.Id, map[string]any{
			"status": session.GetString("status"), kind: ref, "quantity": body.Quantity.String()}); err != nil {
			return nil, nil, err
		}
	}
	fresh, err := tx.FindRecordById("sessions", session.Id)
	if err != nil {
		return nil, nil, err
	}
	return fresh, added, nil
}

func itemOf(r *core.Record) catalog.Item {
	return catalog.Item{ID: r.Id, Code: r.GetString("code"), Name: r.GetString("name"), Description: r.GetString("description"),
		UnitPrice: money.FromStored(r.GetFloat("unit_price"))}
}

func activeItem(tx core.App, id string) (catalog.Item, error) {
	r, err := tx.FindRecordById("items", id)
	if err != nil {
		return catalog.Item{}, domain.Invalid("item", "Item %s not found.", id)
	}
	if r.GetString("status") != domain.Active {
		return catalog.Item{}, domain.Invalid("item", "Item %s is inactive and cannot be added.", r.GetString("code"))
	}
	return itemOf(r), nil
}

func explodePackage(tx core.App, session *core.Record, id string, quantity decimal.Decimal) ([]catalog.Line, error) {
	pkg, err := tx.FindRecordById("packages", id)
	if err != nil {
		return nil, domain.Invalid("package", "Package %s not found.", id)
	}
	if pkg.GetString("status") != domain.Active {
		return nil, domain.Invalid("package", "Package %s is inactive and cannot be added.", pkg.GetString("code"))
	}
	if t := pkg.GetString("session_type"); t != domain.PackageTypeBoth && t != session.GetString("session_type") {
		return nil, domain.Invalid("package", "Package %s is for %s sessions; this session is %s.", pkg.GetString("code"), t, session.GetString("session_type"))
	}
	rows, err := tx.FindRecordsByFilter("package_items", "package = {:p}", "display_order,created", 0, 0, dbx.Params{"p": id})
	if err != nil {
		return nil, fmt.Errorf("items of package %s: %w", id, err)
	}
	if len(rows) == 0 {
		return nil, domain.Invalid("package", "Package %s has no items.", pkg.GetString("code"))
	}
	ids := make([]string, len(rows))
	for i, row := range rows {
		ids[i] = row.GetString("item")
	}
	found, err := tx.FindRecordsByIds("items", ids)
	if err != nil {
		return nil, fmt.Errorf("items of package %s: %w", id, err)
	}
	byID := make(map[string]*core.Record, len(found))
	for _, it := range found {
		byID[it.Id] = it
	}
	items := make([]catalog.PackageItem, 0, len(rows))
	for _, row := range rows {
		it, ok := byID[row.GetString("item")]
		if !ok {
			return nil, fmt.Errorf("item %s of package %s is missing", row.GetString("item"), id)
		}
		items = append(items, catalog.PackageItem{Item: itemOf(it), Quantity: money.FromStored(row.GetFloat("quantity"))})
	}
	return catalog.Explode(money.FromStored(pkg.GetFloat("base_price")), quantity, items), nil
}

func saveLines(tx core.App, sessionID string, actor *rbac.Actor, kind, ref string, lines []catalog.Line) ([]*core.Record, error) {
	c, err := tx.FindCachedCollectionByNameOrId("session_lines")
	if err != nil {
		return nil, err
	}
	var order int
	if err := tx.DB().Select("coalesce(max(display_order), 0)").From("session_lines").Where(dbx.HashExp{"session": sessionID}).Row(&order); err != nil {
		return nil, fmt.Errorf("line order: %w", err)
	}
	out := make([]*core.Record, 0, len(lines))
	for _, l := range lines {
		order++
		r := core.NewRecord(c)
		r.Set("session", sessionID)
		r.Set("line_type", kind)
		r.Set("reference_type", kind)
		r.Set("reference_id", ref)
		r.Set("item_code", l.Code)
		r.Set("item_name", l.Name)
		r.Set("item_description", l.Description)
		r.Set("quantity", l.Quantity.InexactFloat64())
		r.Set("unit_price", money.ToStored(l.UnitPrice))
		r.Set("line_subtotal", money.ToStored(l.Subtotal))
		r.Set("display_order", order)
		r.Set("added_by", actor.ID())
		if err := tx.Save(r); err != nil {
			return nil, fmt.Errorf("save line %s: %w", l.Code, err)
		}
		out = append(out, r)
	}
	return out, nil
}

// followEditingDays sets the session's estimated_editing_days to the
// largest of its packages' (§4.2).
func followEditingDays(tx core.App, sessionID string) error {
	var ids []string
	if err := tx.DB().Select("reference_id").Distinct(true).From("session_lines").
		Where(dbx.HashExp{"session": sessionID, "reference_type": domain.LinePackage}).Column(&ids); err != nil {
		return fmt.Errorf("packages of session %s: %w", sessionID, err)
	}
	days := 0
	for _, id := range slices.Compact(ids) {
		if p, err := tx.FindRecordById("packages", id); err == nil && p.GetInt("estimated_editing_days") > days {
			days = p.GetInt("estimated_editing_days")
		}
	}
	session, err := tx.FindRecordById("sessions", sessionID)
	if err != nil || days == 0 || session.GetInt("estimated_editing_days") == days {
		return err
	}
	session.Set("estimated_editing_days", days)
	return tx.Save(session)
}
