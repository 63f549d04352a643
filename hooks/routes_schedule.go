package hooks

import (
	"net/http"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/rbac"
	"github.com/studio/studio/internal/schedule"
)

// maxAvailabilityWindow bounds one availability question (docs/scheduling.md).
const maxAvailabilityWindow = 92 * 24 * time.Hour

// bindScheduleRoutes adds the availability answer and the reassignment.
func bindScheduleRoutes(se *core.ServeEvent) {
	g := se.Router.Group("/api/studio")
	g.Bind(apis.RequireAuth())
	g.GET("/availability", availabilityRoute)
	g.POST("/sessions/{id}/photographers/{assignment}/reassign", reassignRoute)
}

// actorOf resolves the request's actor.
func actorOf(e *core.RequestEvent) (*rbac.Actor, error) {
	return rbac.ActorFor(e.App, e.Auth)
}

// parseTime reads a datetime given as RFC 3339 or in PocketBase's layout.
func parseTime(field, value string) (time.Time, error) {
	if value == "" {
		return time.Time{}, domain.Invalid(field, "%s is required.", field)
	}
	if t, err := time.Parse(time.RFC3339Nano, value); err == nil {
		return t.UTC(), nil
	}
	dt, err := types.ParseDateTime(value)
	if err != nil || dt.IsZero() {
		return time.Time{}, domain.Invalid(field, "%s must be a datetime (RFC 3339).", field)
	}
	return dt.Time().UTC(), nil
}

func availabilityRoute(e *core.RequestEvent) error {
	actor, err := actorOf(e)
	if err != nil {
		return err
	}
	if err := actor.Require(rbac.SessionViewAll); err != nil {
		return err
	}
	q := e.Request.URL.Query()
	start, err := parseTime("starts_at", q.Get("starts_at"))
	if err != nil {
		return err
	}
	end, err := parseTime("ends_at", q.Get("ends_at"))
	if err != nil {
		return err
	}
	if !end.After(start) {
		return domain.Invalid("ends_at", "ends_at must be after starts_at.")
	}
	if end.Sub(start) > maxAvailabilityWindow {
		return domain.Invalid("ends_at", "A window spans at most 92 days.")
	}
	answer, err := schedule.LoadAvailability(e.App, schedule.Interval{Start: start, End: end}, q.Get("session"))
	if err != nil {
		return err
	}
	return e.JSON(http.StatusOK, answer)
}

// reassignBody is the reassignment request; omitted coverage or is_lead
// keep the old assignment's.
type reassignBody struct {
	Photographer  string `json:"photographer"`
	CoverageStart string `json:"coverage_start"`
	CoverageEnd   string `json:"coverage_end"`
	IsLead        *bool  `json:"is_lead"`
}

func reassignRoute(e *core.RequestEvent) error {
	actor, err := actorOf(e)
	if err != nil {
		return err
	}
	if err := actor.Require(rbac.SessionAssignResources); err != nil {
		return err
	}
	var body reassignBody
	if err := e.BindBody(&body); err != nil {
		return domain.Invalid("body", "The body must be JSON.")
	}
	if body.Photographer == "" {
		return domain.Invalid("photographer", "photographer is required.")
	}
	var old, fresh *core.Record
	err = e.App.RunInTransaction(func(tx core.App) error {
		session, err := tx.FindRecordById("sessions", e.Request.PathValue("id"))
		if err != nil {
			return domain.Errorf(domain.CodeSessionNotFound, "Session not found.")
		}
		old, err = tx.FindRecordById("session_photographers", e.Request.PathValue("assignment"))
		if err != nil || old.GetString("session") != session.Id {
			return domain.Errorf(domain.CodeSessionNotFound, "Assignment not found on this session.").On("assignment")
		}
		if !active(old) {
			return domain.Errorf(domain.CodeInvalidStateTransition, "The assignment is already Reassigned.").On("assignment")
		}
		fresh = core.NewRecord(old.Collection())
		fresh.Set("session", session.Id)
		fresh.Set("photographer", body.Photographer)
		fresh.Set("coverage_start", old.GetDateTime("coverage_start"))
		fresh.Set("coverage_end", old.GetDateTime("coverage_end"))
		fresh.Set("is_lead", old.GetBool("is_lead"))
		fresh.Set("assignment_status", domain.AssignmentAssigned)
		fresh.Set("created_by", actor.ID())
		if body.CoverageStart != "" {
			t, err := parseTime("coverage_start", body.CoverageStart)
			if err != nil {
				return err
			}
			fresh.Set("coverage_start", t)
		}
		if body.CoverageEnd != "" {
			t, err := parseTime("coverage_end", body.CoverageEnd)
			if err != nil {
				return err
			}
			fresh.Set("coverage_end", t)
		}
		if body.IsLead != nil {
			fresh.Set("is_lead", *body.IsLead)
		}
		old.Set("assignment_status", domain.AssignmentReassigned)
		old.Set("is_lead", false)
		if err := tx.Save(old); err != nil {
			return err
		}
		if err := tx.Save(fresh); err != nil {
			return err
		}
		return notifyReassigned(tx, old.GetString("photographer"), session)
	})
	if err != nil {
		return err
	}
	return e.JSON(http.StatusOK, map[string]any{"reassigned": old, "assignment": fresh})
}
