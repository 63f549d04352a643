package hooks

import (
	"database/sql"
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/notify"
	"github.com/studio/studio/internal/rbac"
	"github.com/studio/studio/internal/settings"
)

// registerNotificationsAPI adds, for holders of system.settings:
//
//	GET  /api/studio/templates/{name}/preview?lang=es  → {template, lang, subject, html, text}
//	POST /api/studio/outbox/{id}/retry                 → the re-queued entry (Failed → Pending)
//
// The delivery worker is not started here: main.go starts it with `serve`
// only (notify.StartWithServe), so tests and CLI commands never send mail
// unless they ask for it.
func registerNotificationsAPI(app core.App) {
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Id: "studio.api.notifications",
		Func: func(se *core.ServeEvent) error {
			g := se.Router.Group("/api/studio")
			g.Bind(apis.RequireAuth())
			g.GET("/templates/{name}/preview", previewTemplate)
			g.POST("/outbox/{id}/retry", retryOutbox)
			return se.Next()
		},
	})
}

func requireSettings(e *core.RequestEvent) error {
	actor, err := rbac.ActorFor(e.App, e.Auth)
	if err != nil {
		return err
	}
	return actor.Require(rbac.SystemSettings)
}

func previewTemplate(e *core.RequestEvent) error {
	if err := requireSettings(e); err != nil {
		return err
	}
	name := e.Request.PathValue("name")
	if !slices.Contains(notify.Templates, name) {
		return apis.NewNotFoundError("Unknown email template; templates are "+strings.Join(notify.Templates, ", ")+".", nil)
	}
	s, err := settings.Load(e.App)
	if err != nil {
		return err
	}
	lang := e.Request.URL.Query().Get("lang")
	if lang == "" {
		lang = s.Language
	}
	if !slices.Contains(settings.Languages, lang) {
		return domain.Invalid("lang", "Unknown language; use one of %s.", strings.Join(settings.Languages, ", "))
	}
	v, err := notify.NewView(notify.SampleFacts(settings.Now(e.App), s.Location()), s, lang)
	if err != nil {
		return err
	}
	r, err := notify.Render(name, lang, v)
	if err != nil {
		return err
	}
	return e.JSON(http.StatusOK, map[string]any{
		"template": name, "lang": lang, "subject": r.Subject, "html": r.HTML, "text": r.Text,
	})
}

func retryOutbox(e *core.RequestEvent) error {
	if err := requireSettings(e); err != nil {
		return err
	}
	r, err := notify.Retry(e.App, e.Request.PathValue("id"))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return apis.NewNotFoundError("Outbox entry not found.", nil)
	case errors.Is(err, notify.ErrNotFailed):
		return domain.Invalid("status", "Only a Failed outbox entry can be retried.")
	case err != nil:
		return err
	}
	return e.JSON(http.StatusOK, r)
}
