package lifecycle_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/lifecycle"
	"github.com/studio/studio/internal/rbac"
	ta "github.com/studio/studio/internal/testapp"
)

// plainCopy creates a base collection with the sessions' fields and no
// hooks, and a record in it holding the session's values.
func plainCopy(b *testing.B, app core.App, session *core.Record) *core.Record {
	b.Helper()
	raw, err := json.Marshal(session.Collection().Fields)
	if err != nil {
		b.Fatal(err)
	}
	var fields core.FieldsList
	if err := json.Unmarshal(raw, &fields); err != nil {
		b.Fatal(err)
	}
	c := core.NewBaseCollection("bench_plain_sessions")
	for _, fl := range fields {
		if fl.GetName() != "id" {
			c.Fields.Add(fl)
		}
	}
	if err := app.Save(c); err != nil {
		b.Fatal(err)
	}
	r := core.NewRecord(c)
	for _, name := range c.Fields.FieldNames() {
		if name != "id" && name != "created" && name != "updated" {
			r.Set(name, session.Get(name))
		}
	}
	if err := app.Save(r); err != nil {
		b.Fatal(err)
	}
	return r
}

// BenchmarkLifecycle measures, in one run on one machine: transitions per
// second (Pre-scheduled ⇄ Negotiation through lifecycle.Transition, each
// with its history entry), and the cost of a hooked session update
// (event_description through app.Save, every studio hook running) against
// the same update of a plain PocketBase record with the same fields.
func BenchmarkLifecycle(b *testing.B) {
	f := newFixture(b)
	s := ta.Session(b, f.app, f.client, map[string]any{"status": domain.StatusPreScheduled})
	plain := plainCopy(b, f.app, f.session(b, s.Id))
	system := rbac.SystemActor()

	b.ResetTimer()
	t0 := time.Now()
	for i := 0; i < b.N; i++ {
		to := domain.StatusNegotiation
		if i%2 == 1 {
			to = domain.StatusPreScheduled
		}
		if _, err := lifecycle.Transition(f.app, s.Id, to, system, lifecycle.Input{}); err != nil {
			b.Fatal(err)
		}
	}
	transitions := time.Since(t0)

	session := f.session(b, s.Id)
	t1 := time.Now()
	for i := 0; i < b.N; i++ {
		session.Set("event_description", ta.Unique("hooked "))
		if err := f.app.Save(session); err != nil {
			b.Fatal(err)
		}
	}
	hooked := time.Since(t1)

	t2 := time.Now()
	for i := 0; i < b.N; i++ {
		plain.Set("event_description", ta.Unique("plain "))
		if err := f.app.Save(plain); err != nil {
			b.Fatal(err)
		}
	}
	plainDur := time.Since(t2)
	b.StopTimer()

	b.ReportMetric(float64(b.N)/transitions.Seconds(), "transitions/s")
	b.ReportMetric(float64(hooked.Nanoseconds())/float64(b.N), "ns/hooked-update")
	b.ReportMetric(float64(plainDur.Nanoseconds())/float64(b.N), "ns/plain-update")
	b.ReportMetric(hooked.Seconds()/plainDur.Seconds(), "hooked/plain")
}
