package schedule

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/model"
	"github.com/studio/studio/internal/notify"
)

// sessionIndex is the index of session_photographers by session. The
// queries of one session's assignments name it: statistics that PocketBase's
// PRAGMA optimize gathered while the table was small (it runs after every
// collection save) made SQLite walk the whole table for them instead.
const sessionIndex = "idx_assignments_session"

// The queries of one session's assignments (Explain lists their plans).
const (
	leadSQL = `SELECT id FROM ` + model.SessionPhotographers + ` INDEXED BY ` + sessionIndex + `
		WHERE session = {:s} AND is_lead = TRUE AND assignment_status != {:r} AND id != {:except} LIMIT 1`
	assignedPhotographersSQL = `SELECT DISTINCT photographer FROM ` + model.SessionPhotographers + ` INDEXED BY ` + sessionIndex + `
		WHERE session = {:s} AND assignment_status != {:r} ORDER BY photographer`
	sameSessionSQL = `SELECT id FROM ` + model.SessionPhotographers + ` INDEXED BY ` + sessionIndex + `
		WHERE session = {:s} AND photographer = {:p} AND assignment_status != {:r} AND id != {:except} LIMIT 1`
)

// Coverage is the assignment's [coverage_start, coverage_end).
func Coverage(a *model.Assignment) Interval {
	return Interval{Start: a.CoverageStart(), End: a.CoverageEnd()}
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

// CheckAssignment validates an assignment about to be saved under ctx
// (docs/rules.md §6.4–§6.6, §6.9): its status change (Reassigned is final,
// AssignmentStatusChange), no change on a closed session unless the
// lifecycle (allowClosed) or a moved session (Following) saves it, an
// Active Photographer on every create and on every update that leaves it
// active with a new photographer, status or session, at most one lead per
// session, one active assignment per photographer and session, and a
// photographer free over the coverage. session is the assignment's
// session as read in tx (nil when it does not exist: the relation
// validation answers that).
func CheckAssignment(ctx context.Context, tx core.App, a *model.Assignment, session *model.Session, allowClosed bool) error {
	r := a.ProxyRecord()
	if old := a.Original(); !a.IsNew() && old != nil {
		if err := AssignmentStatusChange(old.GetString("assignment_status"), a.Status()); err != nil {
			return err
		}
	}
	if session == nil {
		return nil // the relation validation answers the unknown session
	}
	if !allowClosed && !IsFollowing(ctx) {
		if err := assignmentSessionsOpen(tx, a, session); err != nil {
			return err
		}
	}
	if !a.Active() && !a.IsNew() {
		return nil // a Reassigned assignment holds nothing
	}
	if changed(r, "photographer", "assignment_status", "session") {
		ok, err := IsAssignable(tx, a.Photographer())
		if err != nil {
			return err
		}
		if !ok {
			return domain.Invalid("photographer", "Only Active users holding the Photographer role can be assigned.").
				With("photographer", a.Photographer())
		}
	}
	if !a.Active() {
		return nil
	}
	if a.IsLead() && changed(r, "is_lead", "session", "assignment_status") {
		var lead string
		err := tx.DB().NewQuery(leadSQL).
			Bind(dbx.Params{"s": session.Id, "r": domain.AssignmentReassigned, "except": a.Id}).Row(&lead)
		if err == nil && lead != "" {
			return domain.Invalid("is_lead", "The session already has a lead photographer.").With("lead", lead)
		}
	}
	if !changed(r, "photographer", "coverage_start", "coverage_end", "session", "assignment_status") {
		return nil
	}
	if changed(r, "photographer", "session", "assignment_status") {
		dup, err := SameSessionAssignment(tx, session.Id, a.Photographer(), a.Id)
		if err != nil {
			return err
		}
		if dup != "" {
			return domain.Errorf(domain.CodePhotographerNotAvailable, "The photographer is already assigned to this session.").
				On("photographer").With("photographer", a.Photographer()).With("reason", "already_assigned").
				With("assignment", dup).With("conflicts", []Blocker{})
		}
	}
	return checkPhotographerFree(tx, a, session)
}

// checkPhotographerFree answers PHOTOGRAPHER_NOT_AVAILABLE when another
// engagement of the photographer overlaps the assignment's coverage.
func checkPhotographerFree(tx core.App, a *model.Assignment, session *model.Session) error {
	when := Coverage(a)
	if !a.Active() || session.IsClosed() || !when.Valid() {
		return nil
	}
	conflicts, err := PhotographerConflicts(tx, Candidate{
		Resource: a.Photographer(), Session: session.Id, Assignment: a.Id, When: when,
	})
	if err != nil {
		return err
	}
	if len(conflicts) > 0 {
		return domain.Errorf(domain.CodePhotographerNotAvailable, "The photographer is already engaged at that time.").
			On("photographer").With("photographer", a.Photographer()).With("conflicts", Blockers(conflicts))
	}
	return nil
}

// Notice is who must hear of an assignment save: the photographer placed
// on the session (new, replaced or revived) and the one replaced, if any.
// Read it before the save, which marks the record stored.
type Notice struct {
	assigned bool
	replaced string
}

// NoticeOf reads the notice of an assignment about to be saved.
func NoticeOf(a *model.Assignment) Notice {
	n := Notice{assigned: a.Active() && changed(a.ProxyRecord(), "photographer", "assignment_status")}
	if old := a.Original(); n.assigned && !a.IsNew() && old != nil && old.GetString("photographer") != a.Photographer() {
		n.replaced = old.GetString("photographer")
	}
	return n
}

// Notify tells a photographer newly placed on an open session
// (KindAssignment) and, when an update replaced the photographer, the
// previous one (KindReassignment), in tx. session is the assignment's
// session as read in tx (nil when it does not exist).
func (n Notice) Notify(tx core.App, a *model.Assignment, session *model.Session) error {
	if !n.assigned || session == nil || session.IsClosed() {
		return nil
	}
	cov := Coverage(a)
	body := fmt.Sprintf("Session %s: your coverage is %s – %s (UTC).", session.Code(),
		cov.Start.UTC().Format(time.RFC3339), cov.End.UTC().Format(time.RFC3339))
	if err := notify.Staff(tx, []string{a.Photographer()}, notify.KindAssignment,
		"New assignment: "+session.Label(), body, session.Id); err != nil {
		return err
	}
	if n.replaced != "" {
		return notifyReassigned(tx, n.replaced, session)
	}
	return nil
}

func notifyReassigned(tx core.App, photographer string, session *model.Session) error {
	return notify.Staff(tx, []string{photographer}, notify.KindReassignment,
		"Reassigned: "+session.Label(), "You are no longer assigned to session "+session.Label()+".", session.Id)
}

// AssignedPhotographers lists the photographers of a session's assignments
// that are not Reassigned.
func AssignedPhotographers(app core.App, sessionID string) ([]string, error) {
	var ids []string
	err := app.DB().NewQuery(assignedPhotographersSQL).
		Bind(dbx.Params{"s": sessionID, "r": domain.AssignmentReassigned}).Column(&ids)
	if err != nil {
		return nil, fmt.Errorf("list photographers of session %s: %w", sessionID, err)
	}
	return ids, nil
}

// SyncAssignedPhotographers sets the session's assigned_photographers to
// AssignedPhotographers and reports whether that changed it (the caller
// saves it then).
func SyncAssignedPhotographers(app core.App, session *model.Session) (bool, error) {
	ids, err := AssignedPhotographers(app, session.Id)
	if err != nil {
		return false, err
	}
	if sameSet(ids, session.GetStringSlice("assigned_photographers")) {
		return false, nil
	}
	session.Set("assigned_photographers", ids)
	return true, nil
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

// assignmentSessionsOpen refuses an assignment change on a Completed or
// Canceled session: the one it names and, when it moves, the one it
// leaves.
func assignmentSessionsOpen(tx core.App, a *model.Assignment, session *model.Session) error {
	if session.IsClosed() {
		return domain.ClosedSessionError(session.Status())
	}
	if old := a.Original(); !a.IsNew() && old != nil && old.GetString("session") != session.Id {
		if prev, err := model.FindSession(tx, old.GetString("session")); err == nil && prev.IsClosed() {
			return domain.ClosedSessionError(prev.Status())
		}
	}
	return nil
}

// CheckRemoval refuses deleting an assignment of a closed session unless
// allowClosed (the lifecycle's own save); the cascade of a deleted session
// goes through, its session being gone.
func CheckRemoval(tx core.App, a *model.Assignment, allowClosed bool) error {
	session, err := model.FindSession(tx, a.Session())
	if err != nil || allowClosed || !session.IsClosed() {
		return nil
	}
	return domain.ClosedSessionError(session.Status())
}
