package catalog

import (
	"fmt"
	"slices"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/shopspring/decimal"

	"github.com/studio/studio/internal/audit"
	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/lifecycle"
	"github.com/studio/studio/internal/model"
	"github.com/studio/studio/internal/money"
	"github.com/studio/studio/internal/rbac"
)

// maxQuantity is the largest quantity one addition takes.
var maxQuantity = decimal.NewFromInt(100000)

// Addition is what to add to a session: exactly one of an item or a
// package, Quantity times.
type Addition struct {
	Item, Package string
	Quantity      decimal.Decimal
}

// Added is the session after an addition and the lines it created.
type Added struct {
	Session *model.Session
	Lines   []*model.SessionLine
}

// AddLines adds an item line, or the lines of an exploded package, to the
// session as actor, in one transaction (app's own if it is one) with the
// session's totals, its editing days (the largest of its packages') and,
// for a change only session.edit.all may make, the audit entry.
func AddLines(app core.App, sessionID string, actor *rbac.Actor, add Addition) (*Added, error) {
	if (add.Item == "") == (add.Package == "") {
		return nil, domain.Invalid("item", "Give exactly one of item or package.")
	}
	q := add.Quantity
	if !q.IsPositive() || q.GreaterThan(maxQuantity) || !q.Equal(q.Round(2)) {
		return nil, domain.Invalid("quantity", "The quantity must be greater than 0, at most 100000, with at most two decimals.")
	}
	var out *Added
	err := app.RunInTransaction(func(tx core.App) error {
		var err error
		out, err = addLines(tx, sessionID, actor, add)
		return err
	})
	return out, err
}

func addLines(tx core.App, sessionID string, actor *rbac.Actor, add Addition) (*Added, error) {
	session, err := model.FindSession(tx, sessionID)
	if err != nil || !lifecycle.Visible(actor, session) {
		return nil, domain.Errorf(domain.CodeSessionNotFound, "Session %s not found.", sessionID).With("id", sessionID)
	}
	if !actor.CanAny(rbac.SessionEditPreAssigned, rbac.SessionEditAll) {
		return nil, domain.Forbidden(rbac.SessionEditPreAssigned)
	}
	mustAudit, err := MayChange(tx, session, actor)
	if err != nil {
		return nil, err
	}
	kind, ref := domain.LineItem, add.Item
	var lines []Line
	if add.Item != "" {
		it, err := activeItem(tx, add.Item)
		if err != nil {
			return nil, err
		}
		lines = []Line{ItemLine(it, add.Quantity)}
	} else {
		kind, ref = domain.LinePackage, add.Package
		if lines, err = explodePackage(tx, session, add.Package, add.Quantity); err != nil {
			return nil, err
		}
	}
	saved, err := saveLines(tx, session.Id, actor.ID(), kind, ref, lines)
	if err != nil {
		return nil, err
	}
	if kind == domain.LinePackage {
		if err := followEditingDays(tx, session.Id); err != nil {
			return nil, err
		}
	}
	if mustAudit {
		if err := audit.Write(tx, actor.ID(), "session.lines.added-after-deadline", model.Sessions, session.Id, map[string]any{
			"status": session.Status(), kind: ref, "quantity": add.Quantity.String()}); err != nil {
			return nil, err
		}
	}
	fresh, err := model.FindSession(tx, session.Id)
	if err != nil {
		return nil, err
	}
	return &Added{Session: fresh, Lines: saved}, nil
}

func itemOf(r *core.Record) Item {
	return Item{ID: r.Id, Code: r.GetString("code"), Name: r.GetString("name"), Description: r.GetString("description"),
		UnitPrice: money.FromStored(r.GetFloat("unit_price"))}
}

func activeItem(tx core.App, id string) (Item, error) {
	r, err := tx.FindRecordById("items", id)
	if err != nil {
		return Item{}, domain.Invalid("item", "Item %s not found.", id)
	}
	if r.GetString("status") != domain.Active {
		return Item{}, domain.Invalid("item", "Item %s is inactive and cannot be added.", r.GetString("code"))
	}
	return itemOf(r), nil
}

// explodePackage loads an Active package fit for the session's type and
// explodes quantity of it into lines.
func explodePackage(tx core.App, session *model.Session, id string, quantity decimal.Decimal) ([]Line, error) {
	pkg, err := tx.FindRecordById("packages", id)
	if err != nil {
		return nil, domain.Invalid("package", "Package %s not found.", id)
	}
	if pkg.GetString("status") != domain.Active {
		return nil, domain.Invalid("package", "Package %s is inactive and cannot be added.", pkg.GetString("code"))
	}
	if t := pkg.GetString("session_type"); t != domain.PackageTypeBoth && t != session.SessionType() {
		return nil, domain.Invalid("package", "Package %s is for %s sessions; this session is %s.", pkg.GetString("code"), t, session.SessionType())
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
	items := make([]PackageItem, 0, len(rows))
	for _, row := range rows {
		it, ok := byID[row.GetString("item")]
		if !ok {
			return nil, fmt.Errorf("item %s of package %s is missing", row.GetString("item"), id)
		}
		items = append(items, PackageItem{Item: itemOf(it), Quantity: money.FromStored(row.GetFloat("quantity"))})
	}
	return Explode(money.FromStored(pkg.GetFloat("base_price")), quantity, items), nil
}

// saveLines saves lines after the session's last one; each save re-derives
// the session's totals (hooks).
func saveLines(tx core.App, sessionID, addedBy, kind, ref string, lines []Line) ([]*model.SessionLine, error) {
	var order int
	if err := tx.DB().Select("coalesce(max(display_order), 0)").From(model.SessionLines).Where(dbx.HashExp{"session": sessionID}).Row(&order); err != nil {
		return nil, fmt.Errorf("line order: %w", err)
	}
	out := make([]*model.SessionLine, 0, len(lines))
	for _, l := range lines {
		order++
		r, err := model.NewSessionLine(tx)
		if err != nil {
			return nil, err
		}
		r.Set("session", sessionID)
		r.Set("line_type", kind)
		r.Set("reference_type", kind)
		r.Set("reference_id", ref)
		r.Set("item_code", l.Code)
		r.Set("item_name", l.Name)
		r.Set("item_description", l.Description)
		r.Set("quantity", l.Quantity.InexactFloat64())
		r.Set("unit_price", money.ToStored(l.UnitPrice))
		r.SetSubtotal(l.Subtotal)
		r.Set("display_order", order)
		r.Set("added_by", addedBy)
		if err := tx.Save(r); err != nil {
			return nil, fmt.Errorf("save line %s: %w", l.Code, err)
		}
		out = append(out, r)
	}
	return out, nil
}

// followEditingDays sets the session's estimated_editing_days to the
// largest of its packages' (docs/rules.md §4.2).
func followEditingDays(tx core.App, sessionID string) error {
	var ids []string
	if err := tx.DB().Select("reference_id").Distinct(true).From(model.SessionLines).
		Where(dbx.HashExp{"session": sessionID, "reference_type": domain.LinePackage}).Column(&ids); err != nil {
		return fmt.Errorf("packages of session %s: %w", sessionID, err)
	}
	days := 0
	for _, id := range slices.Compact(ids) {
		if p, err := tx.FindRecordById("packages", id); err == nil && p.GetInt("estimated_editing_days") > days {
			days = p.GetInt("estimated_editing_days")
		}
	}
	session, err := model.FindSession(tx, sessionID)
	if err != nil || days == 0 || session.EditingDays() == days {
		return err
	}
	session.SetEditingDays(days)
	return tx.Save(session)
}
