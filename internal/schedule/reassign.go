package schedule

import (
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/model"
	"github.com/studio/studio/internal/rbac"
)

// Replacement is who takes over an assignment; a nil coverage bound or
// IsLead keeps the old assignment's.
type Replacement struct {
	Photographer               string
	CoverageStart, CoverageEnd *time.Time
	IsLead                     *bool
}

// Reassigned is the old assignment, now Reassigned, and the new one.
type Reassigned struct {
	Old, New *model.Assignment
}

// Reassign hands an active assignment of a session to another
// photographer, as actor (session.assign-resources): the old one becomes
// Reassigned and loses the lead, the new one is checked like any
// assignment, and the photographer taken off is notified, in one
// transaction (app's own if it is one).
func Reassign(app core.App, sessionID, assignmentID string, actor *rbac.Actor, to Replacement) (*Reassigned, error) {
	if err := actor.Require(rbac.SessionAssignResources); err != nil {
		return nil, err
	}
	if to.Photographer == "" {
		return nil, domain.Invalid("photographer", "photographer is required.")
	}
	out := &Reassigned{}
	err := app.RunInTransaction(func(tx core.App) error {
		session, err := model.FindSession(tx, sessionID)
		if err != nil {
			return domain.Errorf(domain.CodeSessionNotFound, "Session not found.")
		}
		old, err := model.FindAssignment(tx, assignmentID)
		if err != nil || old.Session() != session.Id {
			return domain.Errorf(domain.CodeSessionNotFound, "Assignment not found on this session.").On("assignment")
		}
		if !old.Active() {
			return domain.Errorf(domain.CodeInvalidStateTransition, "The assignment is already Reassigned.").On("assignment")
		}
		fresh, err := model.NewAssignment(tx)
		if err != nil {
			return err
		}
		start, end, lead := old.CoverageStart(), old.CoverageEnd(), old.IsLead()
		if to.CoverageStart != nil {
			start = *to.CoverageStart
		}
		if to.CoverageEnd != nil {
			end = *to.CoverageEnd
		}
		if to.IsLead != nil {
			lead = *to.IsLead
		}
		fresh.Set("session", session.Id)
		fresh.Set("photographer", to.Photographer)
		fresh.SetCoverage(start, end)
		fresh.Set("is_lead", lead)
		fresh.Set("assignment_status", domain.AssignmentAssigned)
		fresh.Set("created_by", actor.ID())
		old.Set("assignment_status", domain.AssignmentReassigned)
		old.Set("is_lead", false)
		if err := tx.Save(old); err != nil {
			return err
		}
		if err := tx.Save(fresh); err != nil {
			return err
		}
		out.Old, out.New = old, fresh
		return notifyReassigned(tx, old.Photographer(), session)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
