package hooks

import (
	"net/http"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/studio/studio/internal/rbac"
	"github.com/studio/studio/internal/schedule"
)

// maxAvailabilityWindow bounds one availability question (docs/scheduling.md).
const maxAvailabilityWindow = 92 * 24 * time.Hour

// registerScheduleAPI adds the scheduling routes under /api/studio:
//
//	GET  /availability                                     → rooms and photographers free in a window
//	POST /sessions/{id}/photographers/{assignment}/reassign → the Reassigned and the new assignment
//	GET  /editing-queue                                    → Attended sessions by urgency, editor loads
//	POST /sessions/{id}/editing-days                       → the session with its new delivery date
//
// The availability answer's rooms and photographers are cached per app,
// dropped on every committed change of rooms, users and roles
// (schedule.WatchResources).
func registerScheduleAPI(app core.App) {
	schedule.WatchResources(app)
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
	q, err := decodeAvailabilityQuery(e.Request.URL.Query())
	if err != nil {
		return err
	}
	answer, err := schedule.LoadAvailability(e.App, schedule.Interval{Start: q.Start, End: q.End}, q.Session)
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

// reassignRoute hands an assignment to another photographer
// (schedule.Reassign), answering both assignments.
func reassignRoute(e *core.RequestEvent) error {
	actor, err := requestActor(e)
	if err != nil {
		return err
	}
	if err := actor.Require(rbac.SessionAssignResources); err != nil {
		return err
	}
	raw, err := requestBody(e)
	if err != nil {
		return err
	}
	body, err := decodeReassignRequest(raw)
	if err != nil {
		return err
	}
	to := schedule.Replacement{Photographer: body.Photographer, CoverageStart: body.CoverageStart, CoverageEnd: body.CoverageEnd, IsLead: body.IsLead}
	res, err := schedule.Reassign(e.App, e.Request.PathValue("id"), e.Request.PathValue("assignment"), actor, to)
	if err != nil {
		return err
	}
	return e.JSON(http.StatusOK, map[string]any{"reassigned": res.Old.ProxyRecord(), "assignment": res.New.ProxyRecord()})
}

// editingQueueRoute answers the editing queue (schedule.EditingQueue).
func editingQueueRoute(e *core.RequestEvent) error {
	actor, err := requestActor(e)
	if err != nil {
		return err
	}
	q, err := schedule.EditingQueue(e.App, actor)
	if err != nil {
		return err
	}
	return e.JSON(http.StatusOK, q)
}

type editingDaysBody struct {
	Days        int    `json:"estimated_editing_days"`
	Observation string `json:"observation"`
}

// editingDaysRoute changes a session's editing days with an observation
// (schedule.ChangeEditingDays), answering the session.
func editingDaysRoute(e *core.RequestEvent) error {
	actor, err := requestActor(e)
	if err != nil {
		return err
	}
	raw, err := requestBody(e)
	if err != nil {
		return err
	}
	body, err := decodeEditingDaysRequest(raw)
	if err != nil {
		return err
	}
	s, err := schedule.ChangeEditingDays(e.App, e.Request.PathValue("id"), actor, body.Days, body.Observation)
	if err != nil {
		return err
	}
	return e.JSON(http.StatusOK, s.ProxyRecord())
}
