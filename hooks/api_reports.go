package hooks

import (
	"bytes"
	"fmt"
	"io"
	"net/http"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/rbac"
	"github.com/studio/studio/internal/reports"
)

// registerReportsAPI serves the reports.
func registerReportsAPI(app core.App) {
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Id: "studio.reports",
		Func: func(se *core.ServeEvent) error {
			bindReportRoutes(se)
			return se.Next()
		},
	})
}

// bindReportRoutes adds GET /api/studio/reports/{sessions,financial,
// performance}?from=&to=[&format=csv] (docs/rules.md §9), each under its
// report.* permission (docs/rules.md §1).
func bindReportRoutes(se *core.ServeEvent) {
	g := se.Router.Group("/api/studio/reports")
	g.Bind(apis.RequireAuth())
	g.GET("/"+reports.KindSessions, reportRoute(reports.KindSessions, rbac.ReportSession, func(e *core.RequestEvent, r reports.Range, currency string) (csvReport, error) {
		return reports.BuildSessions(e.App, r)
	}))
	g.GET("/"+reports.KindFinancial, reportRoute(reports.KindFinancial, rbac.ReportFinancial, func(e *core.RequestEvent, r reports.Range, currency string) (csvReport, error) {
		return reports.BuildFinancial(e.App, r, currency)
	}))
	g.GET("/"+reports.KindPerformance, reportRoute(reports.KindPerformance, rbac.ReportPerformance, func(e *core.RequestEvent, r reports.Range, currency string) (csvReport, error) {
		return reports.BuildPerformance(e.App, r)
	}))
}

// csvReport is a report that also renders as CSV.
type csvReport interface {
	WriteCSV(w io.Writer) error
}

// reportRoute checks the permission, reads the range and the format, and
// answers the report as JSON or as a CSV download.
func reportRoute(kind string, perm rbac.Permission, build func(*core.RequestEvent, reports.Range, string) (csvReport, error)) func(*core.RequestEvent) error {
	return func(e *core.RequestEvent) error {
		actor, err := rbac.ActorFor(e.App, e.Auth)
		if err != nil {
			return err
		}
		if !actor.Can(perm) {
			return domain.Forbidden(perm)
		}
		q := e.Request.URL.Query()
		format := q.Get("format")
		if format != "" && format != "json" && format != "csv" {
			return domain.Invalid("format", "The format is json (the default) or csv, not %q.", format).With("value", format)
		}
		r, st, err := reports.RangeFor(e.App, q.Get("from"), q.Get("to"))
		if err != nil {
			return err
		}
		rep, err := build(e, r, st.Currency)
		if err != nil {
			return fmt.Errorf("report: %w", err)
		}
		if format != "csv" {
			return e.JSON(http.StatusOK, rep)
		}
		var buf bytes.Buffer
		if err := rep.WriteCSV(&buf); err != nil {
			return fmt.Errorf("report csv: %w", err)
		}
		name := fmt.Sprintf("%s_%s_%s.csv", kind, r.FromDate, r.ToDate)
		e.Response.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
		return e.Blob(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
	}
}
