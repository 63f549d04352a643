package hooks

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/jobs"
	"github.com/studio/studio/internal/rbac"
	"github.com/studio/studio/internal/settings"
)

// registerJobRoutes adds, for holders of system.settings (Admins) and
// superusers:
//
//	GET  /api/studio/jobs                       → [{name, schedule, description}]
//	POST /api/studio/jobs/{name}/run[?dry_run=1] → the run's summary (also recorded in job_runs)
func registerJobRoutes(app core.App) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		g := se.Router.Group("/api/studio/jobs")
		g.Bind(apis.RequireAuth())
		g.GET("", listJobs)
		g.POST("/{name}/run", runJob)
		return se.Next()
	})
}

func requireJobsPermission(e *core.RequestEvent) error {
	actor, err := rbac.ActorFor(e.App, e.Auth)
	if err != nil {
		return err
	}
	return actor.Require(rbac.SystemSettings)
}

func listJobs(e *core.RequestEvent) error {
	if err := requireJobsPermission(e); err != nil {
		return err
	}
	type entry struct {
		Name        string `json:"name"`
		Schedule    string `json:"schedule"`
		Description string `json:"description"`
	}
	var out []entry
	for _, j := range jobs.Registry() {
		out = append(out, entry{j.Name, j.Spec, j.Description})
	}
	return e.JSON(http.StatusOK, out)
}

func runJob(e *core.RequestEvent) error {
	if err := requireJobsPermission(e); err != nil {
		return err
	}
	name := e.Request.PathValue("name")
	job, ok := jobs.Find(name)
	if !ok {
		return apis.NewNotFoundError(fmt.Sprintf("Unknown job %q; jobs are %s.", name, strings.Join(jobs.Names(), ", ")), nil)
	}
	var dry bool
	switch v := e.Request.URL.Query().Get("dry_run"); v {
	case "", "0", "false":
	case "1", "true":
		dry = true
	default:
		return domain.Invalid("dry_run", "dry_run must be true or false.")
	}
	s, err := jobs.Run(e.App, job, settings.Now(e.App), jobs.Options{DryRun: dry})
	if err != nil {
		return err
	}
	return e.JSON(http.StatusOK, s)
}
