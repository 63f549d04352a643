// Package jobs_test checks the scheduled jobs on a moved clock: what each
// changes and leaves, its history, emails and notifications, a second run
// changing nothing, a process killed mid-run, the API and CLI entry
// points, the benchmark over 100,000 sessions and the restore drill.
package jobs_test

import (
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/studio/studio/internal/jobs"
	ta "github.com/studio/studio/internal/testapp"
)

// world is a test app with staff, one client and a clock the test moves.
type world struct {
	t      *testing.T
	app    *tests.TestApp
	staff  *ta.Staff
	client *core.Record
	now    time.Time
}

// guatemala is the default studio time zone (UTC−6, no daylight saving).
var guatemala = mustZone("America/Guatemala")

func mustZone(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}

// t0 is Monday 2 March 2026, 09:00 in Guatemala (15:00 UTC).
var t0 = time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC)

func newWorld(t *testing.T) *world {
	t.Helper()
	w := &world{t: t, app: ta.New(t)}
	w.setNow(t0)
	w.staff = ta.NewStaff(t, w.app)
	w.client = ta.Client(t, w.app, nil)
	return w
}

func (w *world) setNow(at time.Time) {
	w.now = at
	ta.SetNow(w.app, at)
}

// session creates a session of the world's client in status, starting at
// starts (two hours long), as of the world's clock.
func (w *world) session(status string, starts time.Time, fields map[string]any) *core.Record {
	w.t.Helper()
	f := map[string]any{"status": status, "starts_at": starts, "ends_at": starts.Add(2 * time.Hour)}
	for k, v := range fields {
		f[k] = v
	}
	client := w.client
	if c, ok := fields["client"].(*core.Record); ok {
		client = c
		delete(f, "client")
	}
	return ta.Session(w.t, w.app, client, f)
}

// run runs a registered job as of at and fails the test on error.
func (w *world) run(name string, at time.Time) jobs.Summary {
	w.t.Helper()
	job, ok := jobs.Find(name)
	if !ok {
		w.t.Fatalf("no job %s", name)
	}
	w.setNow(at)
	s, err := jobs.Run(w.app, job, at, jobs.Options{})
	if err != nil {
		w.t.Fatalf("run %s: %v", name, err)
	}
	return s
}

func (w *world) reload(r *core.Record) *core.Record {
	w.t.Helper()
	fresh, err := w.app.FindRecordById(r.Collection().Name, r.Id)
	if err != nil {
		w.t.Fatalf("reload %s: %v", r.Id, err)
	}
	return fresh
}

// count counts the rows of table matching the condition.
func (w *world) count(table string, where dbx.Expression) int {
	w.t.Helper()
	var n int
	q := w.app.DB().Select("count(*)").From(table)
	if where != nil {
		q = q.Where(where)
	}
	if err := q.Row(&n); err != nil {
		w.t.Fatalf("count %s: %v", table, err)
	}
	return n
}

// exec runs raw SQL: the tests use it to break invariants the hooks would
// never let through, as a bug, a manual edit or a bad import would.
func (w *world) exec(sql string, params dbx.Params) {
	w.t.Helper()
	if _, err := w.app.DB().NewQuery(sql).Bind(params).Execute(); err != nil {
		w.t.Fatalf("exec %s: %v", sql, err)
	}
}

func expectCounts(t *testing.T, s jobs.Summary, examined, changed, skipped, errs int) {
	t.Helper()
	if s.Examined != examined || s.Changed != changed || s.Skipped != skipped || s.Errors != errs {
		t.Fatalf("%s: got examined %d changed %d skipped %d errors %d, want %d %d %d %d\n%s",
			s.Job, s.Examined, s.Changed, s.Skipped, s.Errors, examined, changed, skipped, errs, s.Text())
	}
}

// utc parses "2006-01-02 15:04:05" as UTC.
func utc(s string) time.Time {
	t, err := time.Parse(time.DateTime, s)
	if err != nil {
		panic(err)
	}
	return t
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
