package hooks

import (
	"errors"
	"net/http"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/schedule"
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

// calendarURLRoute answers the caller's feed URL, creating the token on
// first use.
func calendarURLRoute(e *core.RequestEvent) error {
	return calendarTokenRoute(e, false)
}

// calendarRotateRoute replaces the caller's token: the old URL stops
// working at once.
func calendarRotateRoute(e *core.RequestEvent) error {
	return calendarTokenRoute(e, true)
}

func calendarTokenRoute(e *core.RequestEvent, rotate bool) error {
	user, err := feedUser(e)
	if err != nil {
		return err
	}
	token, err := schedule.CalendarToken(e.App, user, rotate)
	if err != nil {
		return err
	}
	return feedAnswer(e, token)
}

// calendarFeedRoute serves the feed of the token's owner; an unknown,
// rotated or inactive owner's token is 404.
func calendarFeedRoute(e *core.RequestEvent) error {
	token, ok := decodeFeedFile(e.Request.PathValue("file"))
	if !ok {
		return e.NotFoundError("", nil)
	}
	body, err := schedule.FeedByToken(e.App, token)
	if errors.Is(err, schedule.ErrNoFeed) {
		return e.NotFoundError("", nil)
	}
	if err != nil {
		return err
	}
	e.Response.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	e.Response.Header().Set("Cache-Control", "private, max-age=300")
	return e.String(http.StatusOK, body)
}
