package jobs_test

import (
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/jobs"
	"github.com/studio/studio/internal/notify"
	ta "github.com/studio/studio/internal/testapp"
)

func TestHighRiskRule(t *testing.T) {
	cases := []struct {
		canceled, total int
		want            bool
	}{{3, 5, true}, {3, 6, false}, {2, 2, false}, {3, 3, true}, {4, 7, true}, {0, 0, false}, {5, 10, false}}
	for _, c := range cases {
		if got := jobs.IsHighRisk(c.canceled, c.total); got != c.want {
			t.Errorf("%d of %d canceled: %v, want %v", c.canceled, c.total, got, c.want)
		}
	}
}

// A cancellation that makes a client high risk flags it and alerts the
// coordinators in the same transaction; the nightly job sets the flag of
// a client whose sessions were canceled behind the hooks' back, unsets it
// when new sessions bring the share down, and alerts only on becoming
// high risk.
func TestHighRiskClients(t *testing.T) {
	w := newWorld(t)
	sessions := func(client *core.Record, status string, n int) []*core.Record {
		var out []*core.Record
		for range n {
			out = append(out, ta.Session(t, w.app, client, map[string]any{"status": status}))
		}
		return out
	}
	alerts := func(client *core.Record) int {
		return w.count("notifications", dbx.And(dbx.HashExp{"user": w.staff.Coordinator.Id, "kind": notify.KindHighRiskClient},
			dbx.Like("title", client.GetString("full_name"))))
	}
	flag := func(c *core.Record) bool { return w.reload(c).GetBool("high_risk") }

	k := ta.Client(t, w.app, nil)
	sessions(k, domain.StatusRequest, 2)
	sessions(k, domain.StatusCanceled, 2)
	if flag(k) || alerts(k) != 0 {
		t.Fatal("2 of 4 canceled already flagged")
	}
	sessions(k, domain.StatusCanceled, 1)
	if !flag(k) || alerts(k) != 1 {
		t.Fatalf("3 of 5 canceled: flag %v, %d alerts; want true, 1", flag(k), alerts(k))
	}

	half := ta.Client(t, w.app, nil)
	sessions(half, domain.StatusRequest, 3)
	sessions(half, domain.StatusCanceled, 3)
	two := ta.Client(t, w.app, nil)
	sessions(two, domain.StatusCanceled, 2)
	raw := ta.Client(t, w.app, nil)
	for _, s := range sessions(raw, domain.StatusRequest, 3) {
		w.exec("UPDATE sessions SET status = 'Canceled' WHERE id = {:id}", dbx.Params{"id": s.Id})
	}
	if flag(half) || flag(two) || flag(raw) {
		t.Fatal("flag set by 3 of 6, 2 of 2 or a raw update")
	}

	expectCounts(t, w.run(jobs.HighRiskClientsName, utc("2026-03-03 08:30:00")), 5, 1, 4, 0)
	if !flag(raw) || alerts(raw) != 1 || flag(half) || flag(two) || !flag(k) || alerts(k) != 1 {
		t.Fatalf("after the run: raw %v/%d, half %v, two %v, k %v/%d", flag(raw), alerts(raw), flag(half), flag(two), flag(k), alerts(k))
	}
	expectCounts(t, w.run(jobs.HighRiskClientsName, utc("2026-03-03 08:30:00")), 5, 0, 5, 0)

	sessions(k, domain.StatusRequest, 2) // 3 of 7
	expectCounts(t, w.run(jobs.HighRiskClientsName, utc("2026-03-04 08:30:00")), 5, 1, 4, 0)
	if flag(k) || alerts(k) != 1 || alerts(raw) != 1 {
		t.Fatalf("3 of 7: flag %v, alerts %d", flag(k), alerts(k))
	}
}
