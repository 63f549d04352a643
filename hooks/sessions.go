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
	"github.com/studio/studio/internal/rbac"
	"github.com/studio/studio/internal/schedule"
	"github.com/studio/studio/internal/settings"
)

// transitionFields are the session fields only a transition writes.
var transitionFields = []string{
	"payment_deadline", "changes_deadline", "canceled_at", "estimated_delivery_date",
	"assigned_editor", "cancellation_reason", "cancellation_initiator",
}

// derivedFields are recomputed by the backend on every save.
var derivedFields = []string{"code", "subtotal", "total", "deposit_amount"}

// computedFields may not be written by a caller: a request that tries is
// refused (400) rather than silently ignored.
var computedFields = append(append([]string{}, derivedFields...), transitionFields...)

// statusPatchFields may change together with status in a PATCH: the
// cancellation's inputs.
var statusPatchFields = []string{"status", "cancellation_reason", "cancellation_initiator", "updated", "updated_by"}

// registerSessions binds the sessions hooks. The model hooks carry ids and
// priorities because their order matters; register.go lists it and why.
func registerSessions(app core.App) {
	bind := func(h *hook.TaggedHook[*core.RecordEvent], id string, priority int, fn func(*core.RecordEvent) error) {
		h.Bind(&hook.Handler[*core.RecordEvent]{Id: id, Priority: priority, Func: fn})
	}
	create, update, validate := app.OnRecordCreate("sessions"), app.OnRecordUpdate("sessions"), app.OnRecordValidate("sessions")
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
	bind(validate, "studio.sessions.totals", 40, func(e *core.RecordEvent) error {
		if err := deriveTotals(e.App, e.Record); err != nil {
			return err
		}
		return e.Next()
	})

	app.OnRecordCreateRequest("sessions").Bind(&hook.Handler[*core.RecordRequestEvent]{Id: "studio.sessions.create-request", Func: createSessionRequest})
	app.OnRecordUpdateRequest("sessions").Bind(&hook.Handler[*core.RecordRequestEvent]{Id: "studio.sessions.update-request", Func: updateSessionRequest})
}

// sessionDefaults fills what a new session may omit: the studio's default
// editing days and deposit percentage, and the status Request.
func sessionDefaults(e *core.RecordEvent) error {
	s, err := settings.Load(e.App)
	if err != nil {
		return err
	}
	if e.Record.GetInt("estimated_editing_days") == 0 {
		e.Record.Set("estimated_editing_days", s.DefaultEditingDays)
	}
	if e.Record.GetString("status") == "" {
		e.Record.Set("status", domain.StatusRequest)
	}
	// A new session without a percentage (0 reads as "not given") takes the
	// studio default; an update may later set any 0-100.
	if e.Record.GetFloat("deposit_percentage") == 0 {
		e.Record.Set("deposit_percentage", s.DefaultDepositPercentage.InexactFloat64())
	}
	return e.Next()
}

// sessionCode gives every new session its code S-YYYY-NNNNN: the year of
// creation in studio time and the next number of that year's counter. The
// counter is incremented in the insert's transaction (SQLite has one
// writer), so concurrent creations get distinct consecutive codes, and a
// rolled-back creation gives its number back while a committed one never
// does: a deleted session's code is never reused. The transaction it opens
// is the one the later create hooks run in.
func sessionCode(e *core.RecordEvent) error {
	return inTransaction(e, func(tx core.App) error {
		st, err := settings.Load(tx)
		if err != nil {
			return err
		}
		code, err := nextSessionCode(tx, settings.Now(tx).In(st.Location()).Year())
		if err != nil {
			return err
		}
		e.Record.Set("code", code)
		return e.Next()
	})
}

// guardNewSession keeps a new session in Request with no transition field
// set, unless the lifecycle itself creates it, and refuses a past date
// unless it is a retroactive entry.
func guardNewSession(e *core.RecordEvent) error {
	if !lifecycle.IsRetroactive(e.Context) {
		if err := notInPast(e.App, e.Record); err != nil {
			return err
		}
	}
	if !lifecycle.IsTransition(e.Context) {
		if s := e.Record.GetString("status"); s != domain.StatusRequest {
			return domain.Errorf(domain.CodeInvalidStateTransition, "A new session starts in Request, not %s.", s).
				On("status").With("to", s)
		}
		for _, f := range transitionFields {
			e.Record.Set(f, "")
		}
	}
	return e.Next()
}

// guardSessionUpdate keeps the code, refuses a move into the past, keeps
// status and the transition fields to lifecycle.Transition, and moves the
// delivery date with the session's date or editing days, emailing the
// client in the save's transaction when it moves.
func guardSessionUpdate(e *core.RecordEvent) error {
	old := e.Record.Original()
	e.Record.Set("code", old.GetString("code"))
	if !old.GetDateTime("starts_at").Equal(e.Record.GetDateTime("starts_at")) && !lifecycle.Attended(old.GetString("status")) {
		if err := notInPast(e.App, e.Record); err != nil {
			return err
		}
	}
	if !lifecycle.IsTransition(e.Context) {
		if from, to := old.GetString("status"), e.Record.GetString("status"); from != to {
			return domain.Errorf(domain.CodeInvalidStateTransition,
				"The status changes only through a transition (POST /api/studio/sessions/%s/transitions).", e.Record.Id).
				With("from", from).With("to", to)
		}
		for _, f := range transitionFields {
			e.Record.Set(f, old.Get(f))
		}
	}
	changed, err := followDeliveryDate(e.App, e.Record)
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
		return queueDeliveryEmail(tx, e.Record)
	})
}

// guardRoom enforces "a room holds one open session at a time" (domain.md
// §6) on every path: REST, batch, transitions (the lifecycle saves sessions
// with app.Save), cron and Go code. The check and the write share one
// transaction, and SQLite has one writer, so of N concurrent bookings of
// one slot exactly one wins. After a change of a session's times its
// assignments' coverage follows the session and is re-checked.
func guardRoom(e *core.RecordEvent) error {
	return inTransaction(e, func(tx core.App) error {
		if err := checkRoom(tx, e.Record); err != nil {
			return err
		}
		change := sessionChangeOf(e.Record) // read before the save marks the record stored
		if err := e.Next(); err != nil {
			return err
		}
		return followSession(tx, e.Record, change)
	})
}

// followOpenFlags re-derives session_photographers.session_open for all of
// a session's assignments when the session opens or closes. It runs inside
// the transaction studio.sessions.room opened, so the flags commit with
// the session.
func followOpenFlags(e *core.RecordEvent) error {
	wasClosed := domain.IsClosed(e.Record.Original().GetString("status"))
	if err := e.Next(); err != nil {
		return err
	}
	if wasClosed == domain.IsClosed(e.Record.GetString("status")) {
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
	if r.GetString("session_type") == domain.SessionTypeExternal && r.GetString("location") == "" {
		errs["location"] = validation.NewError("validation_required", "An External session needs a location.")
	}
	if len(errs) > 0 {
		return errs
	}
	return e.Next()
}

// deriveAssignedPhotographers recomputes sessions.assigned_photographers
// from the assignments, whatever a caller sent.
func deriveAssignedPhotographers(e *core.RecordEvent) error {
	if e.Record.IsNew() {
		e.Record.Set("assigned_photographers", []string{})
		return e.Next()
	}
	ids, err := activePhotographers(e.App, e.Record.Id)
	if err != nil {
		return err
	}
	e.Record.Set("assigned_photographers", ids)
	return e.Next()
}

// createSessionRequest refuses a new session outside Request or with
// computed fields, and records the caller as created_by.
func createSessionRequest(e *core.RecordRequestEvent) error {
	if s := e.Record.GetString("status"); s != "" && s != domain.StatusRequest {
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
// refuses computed fields, applies the modification rules of §4.2 to
// transportation and discount, and records the caller as updated_by.
func updateSessionRequest(e *core.RecordRequestEvent) error {
	old := e.Record.Original()
	actor, err := requestActor(e.RequestEvent)
	if err != nil {
		return err
	}
	if to := e.Record.GetString("status"); to != old.GetString("status") {
		return patchStatus(e, actor, to)
	}
	for _, f := range computedFields {
		if changedField(old, e.Record, f) {
			return computedError(f)
		}
	}
	if changedField(old, e.Record, "transportation_cost") || changedField(old, e.Record, "discount") {
		audit, err := catalog.Change(old.GetString("status"), old.GetDateTime("changes_deadline").Time(), settings.Now(e.App), actor.Can(rbac.SessionEditAll))
		if err != nil {
			return err
		}
		if audit {
			return e.App.RunInTransaction(func(tx core.App) error {
				e.App = tx
				e.Record.Set("updated_by", actor.ID())
				if err := e.Next(); err != nil {
					return err
				}
				return writeAudit(tx, actor, "session.amounts.changed-after-deadline", "sessions", e.Record.Id, map[string]any{
					"status": old.GetString("status"), "transportation_cost": e.Record.GetFloat("transportation_cost"), "discount": e.Record.GetFloat("discount"),
				})
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
	if err := apis.EnrichRecord(e.RequestEvent, res.Session); err != nil {
		return fmt.Errorf("enrich session: %w", err)
	}
	e.Record = res.Session
	return e.JSON(http.StatusOK, res.Session)
}

func computedError(f string) error {
	return domain.Invalid(f, "%s is computed by the studio (transitions, lines and payments); it cannot be set by hand.", f)
}
