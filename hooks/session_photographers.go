package hooks

import (
	"context"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/lifecycle"
	"github.com/studio/studio/internal/model"
	"github.com/studio/studio/internal/schedule"
)

// registerSessionPhotographers binds the assignment hooks. A save runs, in
// this order: the default status, the sync of the session's
// assigned_photographers (which opens the transaction the others share),
// the photographer checks with the notices, and the session_open flag.
func registerSessionPhotographers(app core.App) {
	bind := func(h *hook.TaggedHook[*core.RecordEvent], id string, priority int, fn func(*core.RecordEvent) error) {
		h.Bind(&hook.Handler[*core.RecordEvent]{Id: id, Priority: priority, Func: fn})
	}
	create, update := app.OnRecordCreate(model.SessionPhotographers), app.OnRecordUpdate(model.SessionPhotographers)
	bind(create, "studio.assignments.defaults", 10, func(e *core.RecordEvent) error {
		if e.Record.GetString("assignment_status") == "" {
			e.Record.Set("assignment_status", domain.AssignmentAssigned)
		}
		return e.Next()
	})
	bind(create, "studio.assignments.sync", 20, syncAssignment)
	bind(create, "studio.assignments.guard", 30, guardAssignment)
	bind(create, "studio.assignments.open-flag", 40, setOpenFlag)
	bind(update, "studio.assignments.sync", 20, syncAssignment)
	bind(update, "studio.assignments.guard", 30, guardAssignment)
	bind(update, "studio.assignments.open-flag", 40, setOpenFlag)
	bind(app.OnRecordDelete(model.SessionPhotographers), "studio.assignments.closed", 10, func(e *core.RecordEvent) error {
		if err := schedule.CheckRemoval(e.App, model.AsAssignment(e.Record), lifecycle.IsTransition(e.Context)); err != nil {
			return err
		}
		return e.Next()
	})
	bind(app.OnRecordDelete(model.SessionPhotographers), "studio.assignments.sync", 20, syncAssignment)

	app.OnRecordValidate(model.SessionPhotographers).BindFunc(func(e *core.RecordEvent) error {
		start, end := e.Record.GetDateTime("coverage_start"), e.Record.GetDateTime("coverage_end")
		if !start.IsZero() && !end.IsZero() && !end.Time().After(start.Time()) {
			return validation.Errors{"coverage_end": validation.NewError("validation_ends_before_start", "Coverage must end after it starts.")}
		}
		return e.Next()
	})
}

// syncAssignment keeps sessions.assigned_photographers equal to the
// photographers of the session's assignments that are not Reassigned. The
// field backs the session.view.own rules, so it is derived state: written
// only here, in the same transaction as the assignment change.
func syncAssignment(e *core.RecordEvent) error {
	return inTransaction(e, func(tx core.App) error {
		if err := e.Next(); err != nil {
			return err
		}
		sessionIDs := []string{model.AsAssignment(e.Record).Session()}
		if old := e.Record.Original(); old != nil {
			if was := model.AsAssignment(old).Session(); was != sessionIDs[0] && was != "" {
				sessionIDs = append(sessionIDs, was)
			}
		}
		for _, id := range sessionIDs {
			session := eventSession(e, tx, id)
			if session == nil {
				continue // the session itself is being deleted (cascade)
			}
			changed, err := schedule.SyncAssignedPhotographers(tx, session)
			if err != nil {
				return err
			}
			if !changed {
				continue
			}
			if err := tx.SaveWithContext(withPhotographersDerived(context.Background(), session.ProxyRecord()), session); err != nil {
				return err
			}
		}
		return nil
	})
}

// guardAssignment enforces schedule.CheckAssignment on every path (the
// lifecycle's own saves may touch a closed session's assignments). A new
// photographer on a session is notified in the same transaction.
func guardAssignment(e *core.RecordEvent) error {
	return inTransaction(e, func(tx core.App) error {
		a := model.AsAssignment(e.Record)
		session := eventSession(e, tx, a.Session())
		if err := schedule.CheckAssignment(e.Context, tx, a, session, lifecycle.IsTransition(e.Context)); err != nil {
			return err
		}
		notice := schedule.NoticeOf(a) // read before the save marks the record stored
		if err := e.Next(); err != nil {
			return err
		}
		return notice.Notify(tx, a, session)
	})
}

// setOpenFlag keeps session_open equal to "its session is open", whatever
// a caller sent.
func setOpenFlag(e *core.RecordEvent) error {
	open := false
	if s := eventSession(e, e.App, model.AsAssignment(e.Record).Session()); s != nil {
		open = !s.IsClosed()
	}
	e.Record.Set("session_open", open)
	return e.Next()
}

// eventSessionKey holds, in the context of an assignment's save event, its
// session as read in the save's transaction: the sync, the checks, the
// notice and the open flag read it once.
type eventSessionKey struct{}

type eventSessionOf struct {
	record  *core.Record
	session *model.Session
}

// eventSession answers the session id of the assignment saved by e, read
// in app (the save's transaction) the first time and kept in e.Context for
// the other hooks of the same save; nil when it does not exist. Between
// those hooks only the assignment and a notification are written; the
// session's own save re-checks its derived fields against the stored ones
// (derivationOf).
func eventSession(e *core.RecordEvent, app core.App, id string) *model.Session {
	if e.Context != nil {
		if v, ok := e.Context.Value(eventSessionKey{}).(eventSessionOf); ok && v.record == e.Record && v.session.Id == id {
			return v.session
		}
	}
	s, err := model.FindSession(app, id)
	if err != nil {
		return nil
	}
	if e.Context != nil {
		e.Context = context.WithValue(e.Context, eventSessionKey{}, eventSessionOf{record: e.Record, session: s})
	}
	return s
}
