package hooks

import (
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/notify"
	"github.com/studio/studio/internal/schedule"
)

// registerPhotographerChecks enforces, on every path, that an assignment
// names an Active photographer, that a session has at most one lead, and
// that a photographer holds one engagement at a time over its coverage
// (domain.md §6). A new photographer on a session is notified in the same
// transaction.
func registerPhotographerChecks(app core.App) {
	guard := func(e *core.RecordEvent) error {
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
	app.OnRecordCreate("session_photographers").BindFunc(guard)
	app.OnRecordUpdate("session_photographers").BindFunc(guard)
}

func coverageOf(a *core.Record) schedule.Interval {
	return schedule.Interval{Start: a.GetDateTime("coverage_start").Time(), End: a.GetDateTime("coverage_end").Time()}
}

func active(a *core.Record) bool {
	return a.GetString("assignment_status") != domain.AssignmentReassigned
}

// changed reports whether any of the fields differs from the stored record
// (always true for a new record).
func changed(r *core.Record, fields ...string) bool {
	old := r.Original()
	if r.IsNew() || old == nil {
		return true
	}
	for _, f := range fields {
		if fmt.Sprint(old.Get(f)) != fmt.Sprint(r.Get(f)) {
			return true
		}
	}
	return false
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
