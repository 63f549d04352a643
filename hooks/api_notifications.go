package hooks

import (
	"database/sql"
	"errors"
	"net/http"
	"strings"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/notify"
	"github.com/studio/studio/internal/rbac"
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

// requireSettings refuses a caller without system.settings.
func requireSettings(e *core.RequestEvent) error {
	actor, err := rbac.ActorFor(e.App, e.Auth)
	if err != nil {
		return err
	}
	return actor.Require(rbac.SystemSettings)
}

// previewTemplate answers a template rendered with sample facts
// (notify.PreviewTemplate).
func previewTemplate(e *core.RequestEvent) error {
	if err := requireSettings(e); err != nil {
		return err
	}
	p, err := notify.PreviewTemplate(e.App, e.Request.PathValue("name"), e.Request.URL.Query().Get("lang"))
	if errors.Is(err, notify.ErrUnknownTemplate) {
		return apis.NewNotFoundError("Unknown email template; templates are "+strings.Join(notify.Templates, ", ")+".", nil)
	}
	if err != nil {
		return err
	}
	return e.JSON(http.StatusOK, p)
}

// retryOutbox sets a Failed outbox entry back to Pending (notify.Retry).
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
