package hooks

import (
	"fmt"
	"net/http"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/lifecycle"
	"github.com/studio/studio/internal/rbac"
	"github.com/studio/studio/internal/schedule"
	"github.com/studio/studio/internal/settings"
)

// maxAvailabilityWindow bounds one availability question (docs/scheduling.md).
const maxAvailabilityWindow = 92 * 24 * time.Hour

// registerScheduleAPI adds the scheduling routes under /api/studio:
//
//	GET  /availability                                     → rooms and photographers free in a window
//	POST /sessions/{id}/photographers/{assignment}/reassign → the Reassigned and the new assignment
//	GET  /editing-queue                                    → Attended sessions by urgency, editor loads
//	POST /sessions/{id}/editing-days                       → the session with its new delivery date
func registerScheduleAPI(app core.App) {
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Id: "studio.api.schedule",
		Func: func(se *core.ServeEvent) error {
			g := se.Router.Group("/api/studio")
			g.Bind(apis.RequireAuth())
			g.GET("/availability", availabilityRoute)
			g.POST("/sessions/{id}/photographers/{assignment}/reassign", reassignRoute)
			g.GET("/editing-queue", editingQueueRoute)
			g.POST("/sessions/{id}/editing-days", editingDaysRoute)
			return se.Next()
		},
	})
}

func availabilityRoute(e *core.RequestEvent) error {
	actor, err := requestActor(e)
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
	actor, err := requestActor(e)
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

type queueRow struct {
	ID       string `db:"id"`
	Code     string `db:"code"`
	Client   string `db:"client_name"`
	Type     string `db:"session_type"`
	Starts   string `db:"starts_at"`
	Ends     string `db:"ends_at"`
	Delivery string `db:"estimated_delivery_date"`
	Days     int    `db:"estimated_editing_days"`
}

// editingQueueRoute answers the Attended sessions by urgency and every
// Active editor's load. Editors (session.mark-ready) and whoever sees all
// sessions (session.view.all: coordinators, admins) may read it.
func editingQueueRoute(e *core.RequestEvent) error {
	actor, err := requestActor(e)
	if err != nil {
		return err
	}
	if !actor.CanAny(rbac.SessionMarkReady, rbac.SessionViewAll) {
		return domain.Forbidden(rbac.SessionMarkReady)
	}
	st, err := settings.Load(e.App)
	if err != nil {
		return err
	}
	var rows []queueRow
	err = e.App.DB().NewQuery(`SELECT s.id, s.code, COALESCE(c.full_name, '') AS client_name, s.session_type,
		s.starts_at, s.ends_at, s.estimated_delivery_date, s.estimated_editing_days
		FROM sessions s LEFT JOIN clients c ON c.id = s.client WHERE s.status = {:attended}`).
		Bind(dbx.Params{"attended": domain.StatusAttended}).All(&rows)
	if err != nil {
		return fmt.Errorf("editing queue: %w", err)
	}
	queue := make([]schedule.QueueEntry, len(rows))
	for i, r := range rows {
		queue[i] = schedule.QueueEntry{ID: r.ID, Code: r.Code, ClientName: r.Client, SessionType: r.Type,
			StartsAt: schedule.ParseDBTime(r.Starts), EndsAt: schedule.ParseDBTime(r.Ends), EstimatedDeliveryDate: schedule.ParseDBTime(r.Delivery),
			EstimatedEditingDays: r.Days}
		if !queue[i].EstimatedDeliveryDate.IsZero() {
			queue[i].Delivery = queue[i].EstimatedDeliveryDate.UTC().Format(time.RFC3339)
		}
	}
	schedule.SortQueue(queue)

	var editors []struct {
		ID    string `db:"id"`
		Name  string `db:"name"`
		Count int    `db:"n"`
	}
	err = e.App.DB().NewQuery(`SELECT u.id, u.name,
		(SELECT COUNT(*) FROM sessions s WHERE s.assigned_editor = u.id AND s.status = {:editing}) AS n
		FROM users u WHERE u.status = {:active} AND ` + rbac.HoldsRoleSQL + `
		ORDER BY u.name, u.id`).
		Bind(dbx.Params{"editing": domain.StatusInEditing, "active": domain.Active, "role": rbac.RoleEditor}).All(&editors)
	if err != nil {
		return fmt.Errorf("editor loads: %w", err)
	}
	loads := make([]schedule.EditorLoad, len(editors))
	for i, ed := range editors {
		loads[i] = schedule.Load(ed.ID, ed.Name, ed.Count, st.MaxConcurrentEditingSessions)
	}
	return e.JSON(http.StatusOK, map[string]any{
		"sessions": queue, "editors": loads, "max_concurrent_editing_sessions": st.MaxConcurrentEditingSessions,
	})
}

type editingDaysBody struct {
	Days        int    `json:"estimated_editing_days"`
	Observation string `json:"observation"`
}

// editingDaysRoute lets the assigned editor, a coordinator or
// session.edit.all change estimated_editing_days of a session In Editing,
// with an observation: the delivery date is recomputed, the observation
// appended to editor_observations and the client emailed, in one
// transaction.
func editingDaysRoute(e *core.RequestEvent) error {
	actor, err := requestActor(e)
	if err != nil {
		return err
	}
	var body editingDaysBody
	if err := e.BindBody(&body); err != nil {
		return domain.Invalid("body", "The body must be JSON.")
	}
	if body.Days < 1 || body.Days > 365 {
		return domain.Invalid("estimated_editing_days", "estimated_editing_days must be between 1 and 365.")
	}
	if len(body.Observation) == 0 || len(body.Observation) > 2000 {
		return domain.Invalid("observation", "An observation (up to 2000 characters) is required.")
	}
	var session *core.Record
	err = e.App.RunInTransaction(func(tx core.App) error {
		session, err = tx.FindRecordById("sessions", e.Request.PathValue("id"))
		if err != nil {
			return domain.Errorf(domain.CodeSessionNotFound, "Session not found.")
		}
		editor := session.GetString("assigned_editor")
		if !actor.Can(rbac.SessionEditAll) && (actor.ID() == "" || actor.ID() != editor) && !actor.Can(rbac.CoordinatorPermission) {
			return domain.Forbidden(rbac.SessionMarkReady)
		}
		if session.GetString("status") != domain.StatusInEditing {
			return domain.Errorf(domain.CodeImmutableSession, "Editing days change only while the session is In Editing.").
				With("status", session.GetString("status"))
		}
		st, err := settings.Load(tx)
		if err != nil {
			return err
		}
		loc := st.Location()
		delivery := lifecycle.DeliveryDate(session.GetDateTime("starts_at").Time(), body.Days, loc)
		author := "system"
		if actor.Record != nil {
			author = actor.Record.GetString("name")
			if author == "" {
				author = actor.Record.GetString("email")
			}
		}
		note := fmt.Sprintf("Estimated editing days %d → %d (delivery %s): %s",
			session.GetInt("estimated_editing_days"), body.Days, schedule.LocalDate(delivery, loc), body.Observation)
		session.Set("estimated_editing_days", body.Days)
		session.Set("editor_observations", schedule.AppendObservation(session.GetString("editor_observations"), settings.Now(tx), loc, author, note))
		if id := actor.ID(); id != "" {
			session.Set("updated_by", id)
		}
		// The lifecycle's session hook derives estimated_delivery_date from
		// the date and the days and, when it moves, queues the client's
		// delivery_date_changed email in this transaction.
		if err := tx.Save(session); err != nil {
			return err
		}
		session, err = tx.FindRecordById("sessions", session.Id)
		return err
	})
	if err != nil {
		return err
	}
	return e.JSON(http.StatusOK, session)
}
