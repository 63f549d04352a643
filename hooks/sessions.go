package hooks

import (
	"fmt"
	"net/http"
	"slices"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/studio/studio/internal/catalog"
	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/lifecycle"
	"github.com/studio/studio/internal/model"
	"github.com/studio/studio/internal/payments"
	"github.com/studio/studio/internal/rbac"
	"github.com/studio/studio/internal/schedule"
)

// computedFields may not be written by a caller: a request that tries is
// refused (400) rather than silently ignored.
var computedFields = append(append([]string{}, lifecycle.DerivedFields...), lifecycle.TransitionFields...)

// statusPatchFields may change together with status in a PATCH: the
// cancellation's inputs.
var statusPatchFields = []string{"status", "cancellation_reason", "cancellation_initiator", "updated", "updated_by"}

// registerSessions binds the sessions hooks. The model hooks carry ids and
// priorities because their order matters; register.go lists it and why.
func registerSessions(app core.App) {
	bind := func(h *hook.TaggedHook[*core.RecordEvent], id string, priority int, fn func(*core.RecordEvent) error) {
		h.Bind(&hook.Handler[*core.RecordEvent]{Id: id, Priority: priority, Func: fn})
	}
	create, update, validate := app.OnRecordCreate(model.Sessions), app.OnRecordUpdate(model.Sessions), app.OnRecordValidate(model.Sessions)
	bind(create, "studio.sessions.defaults", 10, sessionDefaults)
	bind(create, "studio.sessions.code", 20, sessionCode)
	bind(create, "studio.sessions.guard", 30, guardNewSession)
	bind(create, "studio.sessions.room", 40, guardRoom)

	bind(update, "studio.sessions.guard", 10, guardSessionUpdate)
	bind(update, "studio.sessions.room", 20, guardRoom)
	bind(update, "studio.sessions.open-flags", 30, followOpenFlags)

	bind(validate, "studio.sessions.cents", 10, wholeCentsCheck("subtotal", "transportation_cost", "discount", "total", "deposit_amount"))
	bind(validate, "studio.sessions.fields", 20, validateSessionFields)
	bind(validate, "studio.sessions.photographers", 30, deriveAssignedPhotographers)
	bind(validate, "studio.sessions.totals", 40, deriveTotals)

	app.OnRecordCreateRequest(model.Sessions).Bind(&hook.Handler[*core.RecordRequestEvent]{Id: "studio.sessions.create-request", Func: createSessionRequest})
	app.OnRecordUpdateRequest(model.Sessions).Bind(&hook.Handler[*core.RecordRequestEvent]{Id: "studio.sessions.update-request", Func: updateSessionRequest})
}

// sessionDefaults applies lifecycle.ApplyDefaults.
func sessionDefaults(e *core.RecordEvent) error {
	if err := lifecycle.ApplyDefaults(e.App, model.AsSession(e.Record)); err != nil {
		return err
	}
	return e.Next()
}

// sessionCode gives the new session its code (lifecycle.AssignCode) in the
// insert's transaction: concurrent creations get distinct consecutive
// codes, a rolled-back creation gives its number back, a deleted session's
// code is never reused. The later create hooks run in this transaction.
func sessionCode(e *core.RecordEvent) error {
	return inTransaction(e, func(tx core.App) error {
		if err := lifecycle.AssignCode(tx, model.AsSession(e.Record)); err != nil {
			return err
		}
		return e.Next()
	})
}

// guardNewSession applies lifecycle.GuardNew.
func guardNewSession(e *core.RecordEvent) error {
	if err := lifecycle.GuardNew(e.Context, e.App, model.AsSession(e.Record)); err != nil {
		return err
	}
	return e.Next()
}

// guardSessionUpdate applies lifecycle.GuardUpdate and moves the delivery
// date with the session's date or editing days, emailing the client in the
// save's transaction when it moves.
func guardSessionUpdate(e *core.RecordEvent) error {
	s := model.AsSession(e.Record)
	if err := lifecycle.GuardUpdate(e.Context, e.App, s); err != nil {
		return err
	}
	changed, err := lifecycle.FollowDeliveryDate(e.App, s)
	if err != nil {
		return err
	}
	if !changed {
		return e.Next()
	}
	return inTransaction(e, func(tx core.App) error {
		if err := e.Next(); err != nil {
			return err
		}
		return lifecycle.QueueDeliveryEmail(tx, s)
	})
}

// guardRoom enforces "a room holds one open session at a time" (docs/rules.md
// §6) on every path: REST, batch, transitions (the lifecycle saves sessions
// with app.Save), cron and Go code. The check and the write share one
// transaction, and SQLite has one writer, so of N concurrent bookings of
// one slot exactly one wins. After a change of a session's times its
// assignments' coverage follows the session and is re-checked.
func guardRoom(e *core.RecordEvent) error {
	return inTransaction(e, func(tx core.App) error {
		s := model.AsSession(e.Record)
		if err := schedule.CheckRoom(tx, s); err != nil {
			return err
		}
		move := schedule.MoveOf(s) // read before the save marks the record stored
		if err := e.Next(); err != nil {
			return err
		}
		return move.Follow(tx, s)
	})
}

// followOpenFlags re-derives session_photographers.session_open for all of
// a session's assignments when the session opens or closes. It runs inside
// the transaction studio.sessions.room opened, so the flags commit with
// the session.
func followOpenFlags(e *core.RecordEvent) error {
	wasClosed := model.AsSession(e.Record.Original()).IsClosed()
	if err := e.Next(); err != nil {
		return err
	}
	if wasClosed == model.AsSession(e.Record).IsClosed() {
		return nil
	}
	return schedule.SyncOpenFlags(e.App, e.Record.Id)
}

// validateSessionFields checks what the field options cannot: the end
// after the start, and a location for External sessions.
func validateSessionFields(e *core.RecordEvent) error {
	r := e.Record
	errs := validation.Errors{}
	start, end := r.GetDateTime("starts_at"), r.GetDateTime("ends_at")
	if !start.IsZero() && !end.IsZero() && !end.Time().After(start.Time()) {
		errs["ends_at"] = validation.NewError("validation_ends_before_start", "The session must end after it starts.")
	}
	if r.GetString("session_type") == domain.SessionTypeExternal && domain.Blank(r.GetString("location")) {
		errs["location"] = validation.NewError("validation_required", "An External session needs a location.")
	}
	if len(errs) > 0 {
		return errs
	}
	return e.Next()
}

// deriveAssignedPhotographers recomputes sessions.assigned_photographers
// from the assignments, whatever a caller sent, when the save may have
// changed it (derivationOf).
func deriveAssignedPhotographers(e *core.RecordEvent) error {
	if e.Record.IsNew() {
		e.Record.Set("assigned_photographers", []string{})
		return e.Next()
	}
	d, err := derivationOf(e)
	if err != nil {
		return err
	}
	if d.photographers {
		ids, err := schedule.AssignedPhotographers(e.App, e.Record.Id)
		if err != nil {
			return err
		}
		e.Record.Set("assigned_photographers", ids)
	}
	return e.Next()
}

// deriveTotals recomputes subtotal, total and deposit_amount from the lines
// (catalog.DeriveTotals), whatever a caller sent, when the save may have
// changed them (derivationOf), and refuses a total lowered below what was
// paid.
func deriveTotals(e *core.RecordEvent) error {
	s := model.AsSession(e.Record)
	d, err := derivationOf(e)
	if err != nil {
		return err
	}
	if d.totals {
		if err := catalog.DeriveTotals(e.App, s); err != nil {
			return err
		}
	}
	if err := payments.CheckTotalLowered(e.App, s); err != nil {
		return err
	}
	return e.Next()
}

// createSessionRequest refuses a new session outside Request or with
// computed fields, and records the caller as created_by.
func createSessionRequest(e *core.RecordRequestEvent) error {
	if s := model.AsSession(e.Record).Status(); s != "" && s != domain.StatusRequest {
		return domain.Errorf(domain.CodeInvalidStateTransition, "A new session starts in Request, not %s.", s).On("status")
	}
	for _, f := range computedFields {
		if !isEmptyValue(e.Record.Get(f)) {
			return computedError(f)
		}
	}
	actor, err := requestActor(e.RequestEvent)
	if err != nil {
		return err
	}
	e.Record.Set("created_by", actor.ID())
	return e.Next()
}

// updateSessionRequest runs a PATCH of status through lifecycle.Transition,
// refuses computed fields, applies the modification rules of docs/rules.md §4.2 to
// transportation and discount, and records the caller as updated_by.
func updateSessionRequest(e *core.RecordRequestEvent) error {
	orig := e.Record.Original()
	old := model.AsSession(orig)
	actor, err := requestActor(e.RequestEvent)
	if err != nil {
		return err
	}
	if to := model.AsSession(e.Record).Status(); to != old.Status() {
		return patchStatus(e, actor, to)
	}
	for _, f := range computedFields {
		if changedField(orig, e.Record, f) {
			return computedError(f)
		}
	}
	if changedField(orig, e.Record, "transportation_cost") || changedField(orig, e.Record, "discount") {
		mustAudit, err := catalog.MayChange(e.App, old, actor)
		if err != nil {
			return err
		}
		if mustAudit {
			e.Record.Set("updated_by", actor.ID())
			return nextAudited(e, actor.ID(), "session.amounts.changed-after-deadline", model.Sessions, func() map[string]any {
				return map[string]any{"status": old.Status(),
					"transportation_cost": e.Record.GetFloat("transportation_cost"), "discount": e.Record.GetFloat("discount")}
			})
		}
	}
	e.Record.Set("updated_by", actor.ID())
	return e.Next()
}

// patchStatus runs a status PATCH through the state machine, with the
// record's cancellation_reason and cancellation_initiator as the
// cancellation's inputs. Other fields must be changed in another request.
func patchStatus(e *core.RecordRequestEvent, actor *rbac.Actor, to string) error {
	old := e.Record.Original()
	for _, f := range e.Record.Collection().Fields.FieldNames() {
		if !slices.Contains(statusPatchFields, f) && changedField(old, e.Record, f) {
			return domain.Invalid(f, "Change the status alone (with cancellation_reason and cancellation_initiator when canceling); edit %s in another request.", f)
		}
	}
	res, err := lifecycle.Transition(e.App, e.Record.Id, to, actor, lifecycle.Input{
		Reason: e.Record.GetString("cancellation_reason"), Initiator: e.Record.GetString("cancellation_initiator"),
	})
	if err != nil {
		return err
	}
	if err := apis.EnrichRecord(e.RequestEvent, res.Session.ProxyRecord()); err != nil {
		return fmt.Errorf("enrich session: %w", err)
	}
	e.Record = res.Session.ProxyRecord()
	return e.JSON(http.StatusOK, e.Record)
}

func computedError(f string) error {
	return domain.Invalid(f, "%s is computed by the studio (transitions, lines and payments); it cannot be set by hand.", f)
}
