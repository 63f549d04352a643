package hooks

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/catalog"
	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/money"
	"github.com/studio/studio/internal/rbac"
	"github.com/studio/studio/internal/settings"
)

// lineFixedFields never change on an existing line: later catalog changes
// never change lines (§4.2), and a package line's money is its share of
// the package price.
var lineFixedFields = []string{"session", "line_type", "reference_type", "reference_id", "unit_price", "line_subtotal", "added_by"}

// registerSessionLines keeps lines and totals consistent on every path and binds
// the request-level modification rules of the session_lines API.
func registerSessionLines(app core.App) {
	app.OnRecordValidate("session_lines").BindFunc(wholeCentsCheck("unit_price", "line_subtotal"))
	app.OnRecordValidate("session_lines").BindFunc(func(e *core.RecordEvent) error {
		r := e.Record
		if !r.IsNew() {
			old := r.Original()
			if old.GetString("session") != r.GetString("session") {
				return domain.Invalid("session", "A line cannot move to another session.")
			}
			if r.GetString("line_type") == domain.LinePackage && changedField(old, r, "quantity") {
				return domain.Invalid("quantity", "A package line's quantity is fixed; delete the package's lines and add the package again.")
			}
		}
		if r.GetString("line_type") == domain.LineItem {
			r.Set("line_subtotal", money.ToStored(money.FromStored(r.GetFloat("unit_price")).Mul(money.FromStored(r.GetFloat("quantity")))))
		}
		return e.Next()
	})

	retotal := func(e *core.RecordEvent) error {
		return inTransaction(e, func(tx core.App) error {
			if err := e.Next(); err != nil {
				return err
			}
			session, err := tx.FindRecordById("sessions", e.Record.GetString("session"))
			if err != nil {
				return nil // the session itself is being deleted (cascade)
			}
			return tx.Save(session)
		})
	}
	app.OnRecordCreate("session_lines").BindFunc(retotal)
	app.OnRecordUpdate("session_lines").BindFunc(retotal)
	app.OnRecordDelete("session_lines").BindFunc(retotal)

	app.OnRecordCreateRequest("session_lines").BindFunc(func(e *core.RecordRequestEvent) error {
		if e.Record.GetString("line_type") == domain.LinePackage || e.Record.GetString("reference_id") != "" {
			return domain.Invalid("line_type", "Add catalog items and packages with POST /api/studio/sessions/{id}/lines; this API takes free-form item lines only.")
		}
		return guardLineRequest(e, "session.lines.added-after-deadline")
	})
	app.OnRecordUpdateRequest("session_lines").BindFunc(func(e *core.RecordRequestEvent) error {
		for _, f := range lineFixedFields {
			if changedField(e.Record.Original(), e.Record, f) {
				return domain.Invalid(f, "%s of a line cannot change; delete the line and add a new one.", f)
			}
		}
		return guardLineRequest(e, "session.lines.changed-after-deadline")
	})
	app.OnRecordDeleteRequest("session_lines").BindFunc(func(e *core.RecordRequestEvent) error {
		return guardLineRequest(e, "session.lines.deleted-after-deadline")
	})
}

// guardLineRequest applies the modification rules of §4.2 to a line change
// through the collection API, audit logging a change that only
// session.edit.all may make.
func guardLineRequest(e *core.RecordRequestEvent, action string) error {
	actor, err := requestActor(e.RequestEvent)
	if err != nil {
		return err
	}
	session, err := e.App.FindRecordById("sessions", e.Record.GetString("session"))
	if err != nil {
		return domain.Errorf(domain.CodeSessionNotFound, "Session %s not found.", e.Record.GetString("session")).On("session")
	}
	audit, err := catalog.Change(session.GetString("status"), session.GetDateTime("changes_deadline").Time(), settings.Now(e.App), actor.Can(rbac.SessionEditAll))
	if err != nil {
		return err
	}
	if e.Record.IsNew() {
		e.Record.Set("added_by", actor.ID())
	}
	if !audit {
		return e.Next()
	}
	return e.App.RunInTransaction(func(tx core.App) error {
		e.App = tx
		if err := e.Next(); err != nil {
			return err
		}
		return writeAudit(tx, actor, action, "session_lines", e.Record.Id, map[string]any{
			"session": session.Id, "status": session.GetString("status"), "item_code": e.Record.GetString("item_code"),
			"quantity": e.Record.GetFloat("quantity"), "line_subtotal": e.Record.GetFloat("line_subtotal"),
		})
	})
}
