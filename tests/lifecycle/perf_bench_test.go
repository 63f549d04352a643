package lifecycle_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/lifecycle"
	"github.com/studio/studio/internal/rbac"
	ta "github.com/studio/studio/internal/testapp"
)

// queryCounter counts the SQL statements the app runs on both of its
// connection pools (reads outside a transaction go to the concurrent one,
// writes and transactions to the nonconcurrent one).
type queryCounter struct {
	n    atomic.Int64
	mu   sync.Mutex
	last []string
}

func (qc *queryCounter) add(sql string) {
	qc.n.Add(1)
	qc.mu.Lock()
	qc.last = append(qc.last, sql)
	qc.mu.Unlock()
}

func countQueries(app core.App) *queryCounter {
	qc := &queryCounter{}
	for _, db := range []dbx.Builder{app.ConcurrentDB(), app.NonconcurrentDB()} {
		d := db.(*dbx.DB)
		prevQ, prevE := d.QueryLogFunc, d.ExecLogFunc
		d.QueryLogFunc = func(ctx context.Context, t time.Duration, sql string, rows *sql.Rows, err error) {
			qc.add(sql)
			if prevQ != nil {
				prevQ(ctx, t, sql, rows, err)
			}
		}
		d.ExecLogFunc = func(ctx context.Context, t time.Duration, sql string, res sql.Result, err error) {
			qc.add(sql)
			if prevE != nil {
				prevE(ctx, t, sql, res, err)
			}
		}
	}
	return qc
}

// perOp runs op n times and returns the statements it ran per call; with
// -v it logs the statements of the last call.
func (qc *queryCounter) perOp(b *testing.B, n int, op func(i int)) float64 {
	before := qc.n.Load()
	for i := 0; i < n; i++ {
		qc.mu.Lock()
		qc.last = qc.last[:0]
		qc.mu.Unlock()
		op(i)
	}
	per := float64(qc.n.Load()-before) / float64(n)
	if testing.Verbose() && n > 1 {
		qc.mu.Lock()
		b.Logf("%d statements in the last call:\n%s", len(qc.last), strings.Join(qc.last, "\n"))
		qc.mu.Unlock()
	}
	return per
}

// BenchmarkOperations measures each write the targets name on its
// own, with the plain PocketBase write of the same fields in the same run,
// and the SQL statements each runs: a hooked session update, a transition
// (with its history entry) and an assignment create. Profile one with
// -bench 'BenchmarkOperations/<name>' -cpuprofile.
func BenchmarkOperations(b *testing.B) {
	f := newFixture(b)
	qc := countQueries(f.app)
	system := rbac.SystemActor()
	plain := plainCopy(b, f.app, f.session(b, ta.Session(b, f.app, f.client, nil).Id))
	plainAssignments := plainCollection(b, f.app, "session_photographers", "bench_plain_assignments")

	b.Run("hooked-update", func(b *testing.B) {
		s := f.session(b, ta.Session(b, f.app, f.client, map[string]any{"status": domain.StatusPreScheduled}).Id)
		b.ResetTimer()
		q := qc.perOp(b, b.N, func(int) {
			s.Set("event_description", ta.Unique("hooked "))
			if err := f.app.Save(s); err != nil {
				b.Fatal(err)
			}
		})
		b.ReportMetric(q, "queries/op")
	})
	b.Run("plain-update", func(b *testing.B) {
		b.ResetTimer()
		q := qc.perOp(b, b.N, func(int) {
			plain.Set("event_description", ta.Unique("plain "))
			if err := f.app.Save(plain); err != nil {
				b.Fatal(err)
			}
		})
		b.ReportMetric(q, "queries/op")
	})
	b.Run("transition", func(b *testing.B) {
		s := ta.Session(b, f.app, f.client, map[string]any{"status": domain.StatusPreScheduled})
		b.ResetTimer()
		q := qc.perOp(b, b.N, func(i int) {
			to := domain.StatusNegotiation
			if i%2 == 1 {
				to = domain.StatusPreScheduled
			}
			if _, err := lifecycle.Transition(f.app, s.Id, to, system, lifecycle.Input{}); err != nil {
				b.Fatal(err)
			}
		})
		b.ReportMetric(q, "queries/op")
	})
	b.Run("assignment-create", func(b *testing.B) {
		b.StopTimer()
		sessions := make([]*core.Record, b.N)
		for i := range sessions {
			sessions[i] = ta.Session(b, f.app, f.client, nil)
		}
		col, err := f.app.FindCollectionByNameOrId("session_photographers")
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		q := qc.perOp(b, b.N, func(i int) {
			r := core.NewRecord(col)
			r.Load(map[string]any{"session": sessions[i].Id, "photographer": f.staff.Photographer.Id,
				"coverage_start": sessions[i].GetDateTime("starts_at"), "coverage_end": sessions[i].GetDateTime("ends_at"),
				"assignment_status": domain.AssignmentAssigned})
			if err := f.app.Save(r); err != nil {
				b.Fatal(err)
			}
		})
		b.ReportMetric(q, "queries/op")
	})
	b.Run("plain-create", func(b *testing.B) {
		plainTarget := ta.Session(b, f.app, f.client, nil)
		q := qc.perOp(b, b.N, func(i int) {
			r := core.NewRecord(plainAssignments)
			r.Load(map[string]any{"session": plainTarget.Id, "photographer": f.staff.Photographer.Id,
				"coverage_start": f.now, "coverage_end": f.now.Add(time.Hour), "assignment_status": domain.AssignmentAssigned})
			if err := f.app.Save(r); err != nil {
				b.Fatal(err)
			}
		})
		b.ReportMetric(q, "queries/op")
	})
}

// plainCollection creates a base collection named name with the fields
// (relations included, so their existence checks run) of the collection
// src, and no hooks.
func plainCollection(b *testing.B, app core.App, src, name string) *core.Collection {
	b.Helper()
	from, err := app.FindCollectionByNameOrId(src)
	if err != nil {
		b.Fatal(err)
	}
	raw, err := json.Marshal(from.Fields)
	if err != nil {
		b.Fatal(err)
	}
	var fields core.FieldsList
	if err := json.Unmarshal(raw, &fields); err != nil {
		b.Fatal(err)
	}
	c := core.NewBaseCollection(name)
	for _, fl := range fields {
		if fl.GetName() != "id" {
			c.Fields.Add(fl)
		}
	}
	if err := app.Save(c); err != nil {
		b.Fatal(err)
	}
	return c
}
