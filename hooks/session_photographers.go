package hooks

import (
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/notify"
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
	create, update := app.OnRecordCreate("session_photographers"), app.OnRecordUpdate("session_photographers")
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
	bind(app.OnRecordDelete("session_photographers"), "studio.assignments.sync", 20, syncAssignment)

	app.OnRecordValidate("session_photographers").BindFunc(func(e *core.RecordEvent) error {
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
		sessionIDs := []string{e.Record.GetString("session")}
		if old := e.Record.Original(); old != nil && old.GetString("session") != sessionIDs[0] && old.GetString("session") != "" {
			sessionIDs = append(sessionIDs, old.GetString("session"))
		}
		for _, id := range sessionIDs {
			if err := syncAssignedPhotographers(tx, id); err != nil {
				return err
			}
		}
		return nil
	})
}

// guardAssignment enforces, on every path, that an assignment names an
// Active photographer, that a session has at most one lead, and that a
// photographer holds one engagement at a time over its coverage
// (domain.md §6). A new photographer on a session is notified in the same
// transaction.
func guardAssignment(e *core.RecordEvent) error {
	return inTransaction(e, func(tx core.App) error {
		if err := checkAssignment(tx, e.Record); err != nil {
			return err
		}
		notice := noticeOf(e.Record) // read before the save marks the record stored
		if err := e.Next(); err != nil {
			return err
		}
		return notifyAssignment(tx, e.Record, notice)
	})
}

// setOpenFlag keeps session_open equal to "its session is open", whatever
// a caller sent.
func setOpenFlag(e *core.RecordEvent) error {
	open := false
	if s, err := e.App.FindRecordById("sessions", e.Record.GetString("session")); err == nil {
		open = !domain.IsClosed(s.GetString("status"))
	}
	e.Record.Set("session_open", open)
	return e.Next()
}

// activePhotographers lists the photographers of a session's assignments
// that are not Reassigned.
func activePhotographers(app core.App, sessionID string) ([]string, error) {
	var ids []string
	err := app.DB().Select("photographer").Distinct(true).From("session_photographers").
		Where(dbx.HashExp{"session": sessionID}).
		AndWhere(dbx.NewExp("assignment_status != {:r}", dbx.Params{"r": domain.AssignmentReassigned})).
		OrderBy("photographer").Column(&ids)
	if err != nil {
		return nil, fmt.Errorf("list photographers of session %s: %w", sessionID, err)
	}
	return ids, nil
}

func syncAssignedPhotographers(app core.App, sessionID string) error {
	session, err := app.FindRecordById("sessions", sessionID)
	if err != nil {
		return nil // the session itself is being deleted (cascade)
	}
	ids, err := activePhotographers(app, sessionID)
	if err != nil {
		return err
	}
	if sameSet(ids, session.GetStringSlice("assigned_photographers")) {
		return nil
	}
	session.Set("assigned_photographers", ids)
	return app.Save(session)
}

func coverageOf(a *core.Record) schedule.Interval {
	return schedule.Interval{Start: a.GetDateTime("coverage_start").Time(), End: a.GetDateTime("coverage_end").Time()}
}

func active(a *core.Record) bool {
	return a.GetString("assignment_status") != domain.AssignmentReassigned
}

// checkAssignment validates an assignment about to be saved.
func checkAssignment(tx core.App, a *core.Record) error {
	if !active(a) {
		return nil // a Reassigned assignment holds nothing
	}
	session, err := tx.FindRecordById("sessions", a.GetString("session"))
	if err != nil {
		return nil // the relation validation answers the unknown session
	}
	if changed(a, "photographer") {
		ok, err := schedule.IsAssignable(tx, a.GetString("photographer"))
		if err != nil {
			return err
		}
		if !ok {
			return domain.Invalid("photographer", "Only Active users holding the Photographer role can be assigned.").
				With("photographer", a.GetString("photographer"))
		}
	}
	if a.GetBool("is_lead") && changed(a, "is_lead", "session", "assignment_status") {
		var lead string
		err := tx.DB().Select("id").From("session_photographers").
			Where(dbx.HashExp{"session": session.Id, "is_lead": true}).
			AndWhere(dbx.Not(dbx.HashExp{"assignment_status": domain.AssignmentReassigned})).
			AndWhere(dbx.Not(dbx.HashExp{"id": a.Id})).Limit(1).Row(&lead)
		if err == nil && lead != "" {
			return domain.Invalid("is_lead", "The session already has a lead photographer.").With("lead", lead)
		}
	}
	if !changed(a, "photographer", "coverage_start", "coverage_end", "session", "assignment_status") {
		return nil
	}
	return checkPhotographerFree(tx, a, session)
}

// checkPhotographerFree answers PHOTOGRAPHER_NOT_AVAILABLE when another
// engagement of the photographer overlaps the assignment's coverage.
func checkPhotographerFree(tx core.App, a, session *core.Record) error {
	when := coverageOf(a)
	if !active(a) || domain.IsClosed(session.GetString("status")) || !when.Valid() {
		return nil
	}
	conflicts, err := schedule.PhotographerConflicts(tx, schedule.Candidate{
		Resource: a.GetString("photographer"), Session: session.Id, Assignment: a.Id, When: when,
	})
	if err != nil {
		return err
	}
	if len(conflicts) > 0 {
		return domain.Errorf(domain.CodePhotographerNotAvailable, "The photographer is already engaged at that time.").
			On("photographer").With("photographer", a.GetString("photographer")).With("conflicts", schedule.Blockers(conflicts))
	}
	return nil
}

// notice is who must hear of an assignment save: the photographer placed
// on the session (new, replaced or revived) and the one replaced, if any.
type notice struct {
	assigned bool
	replaced string
}

func noticeOf(a *core.Record) notice {
	n := notice{assigned: active(a) && changed(a, "photographer", "assignment_status")}
	if old := a.Original(); n.assigned && !a.IsNew() && old != nil && old.GetString("photographer") != a.GetString("photographer") {
		n.replaced = old.GetString("photographer")
	}
	return n
}

// notifyAssignment tells a photographer newly placed on an open session
// (KindAssignment) and, when an update replaced the photographer, the
// previous one (KindReassignment).
func notifyAssignment(tx core.App, a *core.Record, n notice) error {
	if !n.assigned {
		return nil
	}
	session, err := tx.FindRecordById("sessions", a.GetString("session"))
	if err != nil || domain.IsClosed(session.GetString("status")) {
		return nil
	}
	if err := notifyAssigned(tx, a, session); err != nil {
		return err
	}
	if n.replaced != "" {
		return notifyReassigned(tx, n.replaced, session)
	}
	return nil
}

func notifyAssigned(tx core.App, a, session *core.Record) error {
	cov := coverageOf(a)
	body := fmt.Sprintf("Session %s: your coverage is %s – %s (UTC).", session.GetString("code"),
		cov.Start.UTC().Format(time.RFC3339), cov.End.UTC().Format(time.RFC3339))
	return notify.Staff(tx, []string{a.GetString("photographer")}, notify.KindAssignment,
		"New assignment: "+sessionLabel(session), body, session.Id)
}

func notifyReassigned(tx core.App, photographer string, session *core.Record) error {
	return notify.Staff(tx, []string{photographer}, notify.KindReassignment,
		"Reassigned: "+sessionLabel(session), "You are no longer assigned to session "+sessionLabel(session)+".", session.Id)
}

func sessionLabel(session *core.Record) string {
	if code := session.GetString("code"); code != "" {
		return code
	}
	return session.Id
}
