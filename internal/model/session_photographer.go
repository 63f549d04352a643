package model

import (
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
)

// SessionPhotographers is the name of the session_photographers
// collection.
const SessionPhotographers = "session_photographers"

// Assignment is a record of the session_photographers collection: one
// photographer on one session over a coverage interval.
type Assignment struct {
	core.BaseRecordProxy
}

// AsAssignment wraps a session_photographers record.
func AsAssignment(r *core.Record) *Assignment {
	a := &Assignment{}
	a.SetProxyRecord(r)
	return a
}

// FindAssignment loads the assignment id.
func FindAssignment(app core.App, id string) (*Assignment, error) {
	return find(app, SessionPhotographers, id, AsAssignment)
}

// NewAssignment makes an unsaved assignment.
func NewAssignment(app core.App) (*Assignment, error) {
	r, err := newRecord(app, SessionPhotographers)
	if err != nil {
		return nil, err
	}
	return AsAssignment(r), nil
}

// Session is the session's id.
func (a *Assignment) Session() string { return a.GetString("session") }

// Photographer is the photographer's user id.
func (a *Assignment) Photographer() string { return a.GetString("photographer") }

// CoverageStart is when the photographer's coverage starts.
func (a *Assignment) CoverageStart() time.Time { return a.GetDateTime("coverage_start").Time() }

// CoverageEnd is when the photographer's coverage ends.
func (a *Assignment) CoverageEnd() time.Time { return a.GetDateTime("coverage_end").Time() }

// SetCoverage sets the coverage interval.
func (a *Assignment) SetCoverage(start, end time.Time) {
	a.Set("coverage_start", start)
	a.Set("coverage_end", end)
}

// IsLead reports whether the photographer leads the session.
func (a *Assignment) IsLead() bool { return a.GetBool("is_lead") }

// Status is assignment_status: Assigned, Confirmed or Reassigned.
func (a *Assignment) Status() string { return a.GetString("assignment_status") }

// Active reports whether the assignment holds its photographer (it is not
// Reassigned).
func (a *Assignment) Active() bool { return a.Status() != domain.AssignmentReassigned }
