package hooks

import (
	"context"
	"errors"

	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/catalog"
	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/model"
)

// lineFixedFields never change on an existing line: later catalog changes
// never change lines (docs/rules.md §4.2), and a package line's money is its share of
// the package price.
var lineFixedFields = []string{"session", "line_type", "reference_type", "reference_id", "unit_price", "line_subtotal", "added_by"}

// registerSessionLines keeps lines and totals consistent on every path and
// binds the request-level modification rules of the session_lines API.
func registerSessionLines(app core.App) {
	app.OnRecordValidate(model.SessionLines).BindFunc(wholeCentsCheck("unit_price", "line_subtotal"))
	app.OnRecordValidate(model.SessionLines).BindFunc(func(e *core.RecordEvent) error {
		l := model.AsSessionLine(e.Record)
		if !l.IsNew() {
			old := l.Original()
			if old.GetString("session") != l.Session() {
				return domain.Invalid("session", "A line cannot move to another session.")
			}
			if l.LineType() == domain.LinePackage && changedField(old, e.Record, "quantity") {
				return domain.Invalid("quantity", "A package line's quantity is fixed; delete the package's lines and add the package again.")
			}
		}
		if l.LineType() == domain.LineItem {
			l.SetSubtotal(l.UnitPrice().Mul(l.Quantity()))
		}
		return e.Next()
	})

	retotal := func(e *core.RecordEvent) error {
		return inTransaction(e, func(tx core.App) error {
			if err := e.Next(); err != nil {
				return err
			}
			session, err := model.FindSession(tx, model.AsSessionLine(e.Record).Session())
			if err != nil {
				return nil // the session itself is being deleted (cascade)
			}
			return lineTotalError(tx.SaveWithContext(withDeriveAll(context.Background()), session), e.Type)
		})
	}
	app.OnRecordCreate(model.SessionLines).BindFunc(retotal)
	app.OnRecordUpdate(model.SessionLines).BindFunc(retotal)
	app.OnRecordDelete(model.SessionLines).BindFunc(retotal)

	app.OnRecordCreateRequest(model.SessionLines).BindFunc(func(e *core.RecordRequestEvent) error {
		if e.Record.GetString("line_type") == domain.LinePackage || e.Record.GetString("reference_id") != "" {
			return domain.Invalid("line_type", "Add catalog items and packages with POST /api/studio/sessions/{id}/lines; this API takes free-form item lines only.")
		}
		return guardLineRequest(e, "session.lines.added-after-deadline")
	})
	app.OnRecordUpdateRequest(model.SessionLines).BindFunc(func(e *core.RecordRequestEvent) error {
		for _, f := range lineFixedFields {
			if changedField(e.Record.Original(), e.Record, f) {
				return domain.Invalid(f, "%s of a line cannot change; delete the line and add a new one.", f)
			}
		}
		return guardLineRequest(e, "session.lines.changed-after-deadline")
	})
	app.OnRecordDeleteRequest(model.SessionLines).BindFunc(func(e *core.RecordRequestEvent) error {
		return guardLineRequest(e, "session.lines.deleted-after-deadline")
	})
}

// guardLineRequest applies the modification rules of docs/rules.md §4.2 to a line change
// through the collection API, audit logging a change that only
// session.edit.all may make.
func guardLineRequest(e *core.RecordRequestEvent, action string) error {
	actor, err := requestActor(e.RequestEvent)
	if err != nil {
		return err
	}
	line := model.AsSessionLine(e.Record)
	session, err := model.FindSession(e.App, line.Session())
	if err != nil {
		return domain.Errorf(domain.CodeSessionNotFound, "Session %s not found.", line.Session()).On("session")
	}
	mustAudit, err := catalog.MayChange(e.App, session, actor)
	if err != nil {
		return err
	}
	if line.IsNew() {
		line.Set("added_by", actor.ID())
	}
	if !mustAudit {
		return e.Next()
	}
	return nextAudited(e, actor.ID(), action, model.SessionLines, func() map[string]any {
		return map[string]any{"session": session.Id, "status": session.Status(), "item_code": line.ItemCode(),
			"quantity": line.GetFloat("quantity"), "line_subtotal": line.GetFloat("line_subtotal")}
	})
}

// lineTotalError places a refusal of the session's new total
// (PAYMENT_EXCEEDS_TOTAL) on what the line change touched: the quantity of
// a changed line, the session for a removed one.
func lineTotalError(err error, eventType string) error {
	var de *domain.Error
	if err == nil || !errors.As(err, &de) || de.ErrCode != domain.CodePaymentExceedsTotal {
		return err
	}
	if eventType == core.ModelEventTypeDelete {
		return de.On("session")
	}
	return de.On("quantity")
}
