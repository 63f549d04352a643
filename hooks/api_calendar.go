package hooks

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/security"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/lifecycle"
	"github.com/studio/studio/internal/rbac"
	"github.com/studio/studio/internal/schedule"
	"github.com/studio/studio/internal/settings"
)

// calendarPath is where a feed is served; the token is the secret.
const calendarPath = "/api/studio/calendar/"

// registerCalendarAPI adds the caller's feed URL, its rotation, and the
// feed itself (authenticated by its token only, so calendar apps can
// subscribe):
//
//	GET  /api/studio/calendar          → {url, path} of the caller's feed
//	POST /api/studio/calendar/rotate   → a new {url, path}; the old one stops working
//	GET  /api/studio/calendar/{token}.ics → the iCalendar feed
func registerCalendarAPI(app core.App) {
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Id: "studio.api.calendar",
		Func: func(se *core.ServeEvent) error {
			g := se.Router.Group("/api/studio/calendar")
			g.GET("", calendarURLRoute).Bind(apis.RequireAuth())
			g.POST("/rotate", calendarRotateRoute).Bind(apis.RequireAuth())
			g.GET("/{file}", calendarFeedRoute)
			return se.Next()
		},
	})
}

// feedUser is the staff user of the request (superusers have no feed).
func feedUser(e *core.RequestEvent) (*core.Record, error) {
	if e.Auth == nil || e.Auth.Collection().Name != "users" {
		return nil, domain.Errorf(domain.CodeForbidden, "Only staff users have a calendar feed.").On("calendar")
	}
	return e.App.FindRecordById("users", e.Auth.Id)
}

func feedAnswer(e *core.RequestEvent, token string) error {
	scheme := "http"
	if e.Request.TLS != nil || e.Request.Header.Get("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	path := calendarPath + token + ".ics"
	return e.JSON(http.StatusOK, map[string]any{"url": scheme + "://" + e.Request.Host + path, "path": path})
}

func rotateToken(app core.App, user *core.Record) (string, error) {
	token := security.RandomString(40)
	user.Set("calendar_token", token)
	if err := app.Save(user); err != nil {
		return "", fmt.Errorf("rotate calendar token: %w", err)
	}
	return token, nil
}

// calendarURLRoute answers the caller's feed URL, creating the token on
// first use.
func calendarURLRoute(e *core.RequestEvent) error {
	user, err := feedUser(e)
	if err != nil {
		return err
	}
	token := user.GetString("calendar_token")
	if token == "" {
		if token, err = rotateToken(e.App, user); err != nil {
			return err
		}
	}
	return feedAnswer(e, token)
}

// calendarRotateRoute replaces the caller's token: the old URL stops
// working at once.
func calendarRotateRoute(e *core.RequestEvent) error {
	user, err := feedUser(e)
	if err != nil {
		return err
	}
	token, err := rotateToken(e.App, user)
	if err != nil {
		return err
	}
	return feedAnswer(e, token)
}

// calendarFeedRoute serves the feed of the token's owner; an unknown,
// rotated or inactive owner's token is 404.
func calendarFeedRoute(e *core.RequestEvent) error {
	file := e.Request.PathValue("file")
	token, ok := strings.CutSuffix(file, ".ics")
	if !ok || token == "" {
		return e.NotFoundError("", nil)
	}
	user, err := e.App.FindFirstRecordByData("users", "calendar_token", token)
	if err != nil || user.GetString("status") != domain.Active {
		return e.NotFoundError("", nil)
	}
	actor, err := rbac.ActorFor(e.App, user)
	if err != nil {
		return err
	}
	st, err := settings.Load(e.App)
	if err != nil {
		return err
	}
	events, err := feedEvents(e.App, user.Id, actor.Can(rbac.SessionViewAll), st.Location())
	if err != nil {
		return err
	}
	body := schedule.Calendar(st.StudioName+" – "+user.GetString("name"), settings.Now(e.App), events)
	e.Response.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	e.Response.Header().Set("Cache-Control", "private, max-age=300")
	return e.String(http.StatusOK, body)
}

type feedRow struct {
	ID          string `db:"id"`
	Session     string `db:"session"`
	Code        string `db:"code"`
	Type        string `db:"session_type"`
	Status      string `db:"status"`
	Start       string `db:"start"`
	End         string `db:"end"`
	Location    string `db:"location"`
	Room        string `db:"room_name"`
	Description string `db:"event_description"`
	Lead        bool   `db:"is_lead"`
	Delivery    string `db:"estimated_delivery_date"`
	Days        int    `db:"estimated_editing_days"`
}

func (r feedRow) place() string {
	if r.Location != "" {
		return r.Location
	}
	if r.Room != "" {
		return "Studio – " + r.Room
	}
	return ""
}

func eventStatus(status string) string {
	switch status {
	case domain.StatusRequest, domain.StatusNegotiation, domain.StatusPreScheduled:
		return "TENTATIVE"
	}
	return "CONFIRMED"
}

// feedEvents gathers what concerns a user: their assignments (coverage
// times), the delivery deadlines of the sessions they edit, and, for
// holders of session.view.all, every open session. No client data is put
// in a feed.
func feedEvents(app core.App, userID string, all bool, loc *time.Location) ([]schedule.Event, error) {
	var events []schedule.Event
	var rows []feedRow
	err := app.DB().NewQuery(`SELECT a.id, s.id AS session, s.code, s.session_type, s.status, a.coverage_start AS start,
		a.coverage_end AS end, s.location, COALESCE(r.name, '') AS room_name, s.event_description, a.is_lead,
		'' AS estimated_delivery_date, 0 AS estimated_editing_days
		FROM session_photographers a JOIN sessions s ON s.id = a.session LEFT JOIN rooms r ON r.id = s.room
		WHERE a.photographer = {:user} AND a.assignment_status != {:reassigned} AND s.status != {:canceled}`).
		Bind(dbx.Params{"user": userID, "reassigned": domain.AssignmentReassigned, "canceled": domain.StatusCanceled}).All(&rows)
	if err != nil {
		return nil, fmt.Errorf("feed assignments: %w", err)
	}
	for _, r := range rows {
		summary := r.Code + " · " + r.Type + " session"
		if r.Lead {
			summary += " (lead)"
		}
		events = append(events, schedule.Event{UID: r.ID + "@studio", Start: schedule.ParseDBTime(r.Start), End: schedule.ParseDBTime(r.End),
			Summary: summary, Location: r.place(), Description: r.Description, Status: eventStatus(r.Status)})
	}

	rows = nil
	err = app.DB().NewQuery(`SELECT s.id, s.id AS session, s.code, s.session_type, s.status, s.starts_at AS start,
		s.ends_at AS end, s.location, '' AS room_name, '' AS event_description, 0 AS is_lead,
		s.estimated_delivery_date, s.estimated_editing_days
		FROM sessions s WHERE s.assigned_editor = {:user} AND s.status = {:editing}`).
		Bind(dbx.Params{"user": userID, "editing": domain.StatusInEditing}).All(&rows)
	if err != nil {
		return nil, fmt.Errorf("feed editing deadlines: %w", err)
	}
	for _, r := range rows {
		due := schedule.ParseDBTime(r.Delivery)
		if due.IsZero() {
			due = lifecycle.DeliveryDate(schedule.ParseDBTime(r.Start), r.Days, loc)
		}
		day := due.In(loc)
		date := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
		events = append(events, schedule.Event{UID: r.ID + "-delivery@studio", Start: date, End: date.AddDate(0, 0, 1), AllDay: true,
			Summary: "Delivery due: " + r.Code, Description: "Editing deadline of session " + r.Code + ".", Status: "CONFIRMED"})
	}

	if all {
		rows = nil
		err = app.DB().NewQuery(`SELECT s.id, s.id AS session, s.code, s.session_type, s.status, s.starts_at AS start,
			s.ends_at AS end, s.location, COALESCE(r.name, '') AS room_name, s.event_description, 0 AS is_lead,
			'' AS estimated_delivery_date, 0 AS estimated_editing_days
			FROM sessions s LEFT JOIN rooms r ON r.id = s.room
			WHERE s.status NOT IN ({:canceled}, {:completed})`).
			Bind(dbx.Params{"canceled": domain.StatusCanceled, "completed": domain.StatusCompleted}).All(&rows)
		if err != nil {
			return nil, fmt.Errorf("feed open sessions: %w", err)
		}
		for _, r := range rows {
			events = append(events, schedule.Event{UID: r.ID + "@studio", Start: schedule.ParseDBTime(r.Start), End: schedule.ParseDBTime(r.End),
				Summary: r.Code + " · " + r.Type + " · " + r.Status, Location: r.place(), Description: r.Description,
				Status: eventStatus(r.Status)})
		}
	}
	sort.SliceStable(events, func(i, j int) bool {
		if !events[i].Start.Equal(events[j].Start) {
			return events[i].Start.Before(events[j].Start)
		}
		return events[i].UID < events[j].UID
	})
	return events, nil
}
