package hooks

import (
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
			if err := schedule.SyncAssignedPhotographers(tx, id); err != nil {
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
		if err := schedule.CheckAssignment(e.Context, tx, a, lifecycle.IsTransition(e.Context)); err != nil {
			return err
		}
		notice := schedule.NoticeOf(a) // read before the save marks the record stored
		if err := e.Next(); err != nil {
			return err
		}
		return notice.Notify(tx, a)
	})
}

// setOpenFlag keeps session_open equal to "its session is open", whatever
// a caller sent.
func setOpenFlag(e *core.RecordEvent) error {
	open := false
	if s, err := model.FindSession(e.App, model.AsAssignment(e.Record).Session()); err == nil {
		open = !s.IsClosed()
	}
	e.Record.Set("session_open", open)
	return e.Next()
}
