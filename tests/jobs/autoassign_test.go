package jobs_test

import (
	"testing"

	"github.com/pocketbase/dbx"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/jobs"
	"github.com/studio/studio/internal/notify"
	ta "github.com/studio/studio/internal/testapp"
)

// Sessions on Thursday 12 March (Guatemala) have their changes deadline
// (7 days before) on Thursday 5 March 23:59:59 Guatemala time, 6 March
// 05:59:59 UTC: the midnight run of Friday 6 March assigns the one with a
// room and a photographer, and alerts the coordinators once about the one
// without.
func TestAutoAssign(t *testing.T) {
	w := newWorld(t)
	room := ta.Room(t, w.app, nil)
	ready := w.session(domain.StatusConfirmed, utc("2026-03-12 16:00:00"), map[string]any{"room": room.Id})
	ta.Assign(t, w.app, ready, w.staff.Photographer, nil)
	bare := w.session(domain.StatusConfirmed, utc("2026-03-12 19:00:00"), nil)
	later := w.session(domain.StatusConfirmed, utc("2026-03-20 16:00:00"), nil)
	if got := w.reload(ready).GetDateTime("changes_deadline").Time(); !got.Equal(utc("2026-03-06 05:59:59")) {
		t.Fatalf("changes deadline %s, want 2026-03-06 05:59:59 UTC", got)
	}
	missing := func() int {
		return w.count("notifications", dbx.HashExp{"kind": notify.KindMissingResources})
	}

	expectCounts(t, w.run(jobs.AutoAssignName, utc("2026-03-06 05:59:00")), 0, 0, 0, 0)
	expectCounts(t, w.run(jobs.AutoAssignName, utc("2026-03-06 06:00:00")), 2, 2, 0, 0)

	got := w.reload(ready)
	if got.GetString("status") != domain.StatusAssigned || got.GetDateTime("estimated_delivery_date").IsZero() {
		t.Fatalf("ready session: %s, delivery date %s", got.GetString("status"), got.GetDateTime("estimated_delivery_date"))
	}
	if n := w.count("session_status_history", dbx.HashExp{"session": ready.Id, "previous_status": domain.StatusConfirmed,
		"new_status": domain.StatusAssigned, "reason": jobs.AssignReason, "changed_by": ""}); n != 1 {
		t.Fatalf("%d history entries for the assignment, want 1", n)
	}
	if n := w.count("notifications", dbx.HashExp{"user": w.staff.Photographer.Id, "session": ready.Id, "kind": notify.KindSessionAssigned}); n != 1 {
		t.Fatalf("photographer got %d session_assigned notifications, want 1", n)
	}
	if s := w.reload(bare).GetString("status"); s != domain.StatusConfirmed {
		t.Fatalf("session without resources moved to %s", s)
	}
	alert, err := w.app.FindFirstRecordByFilter("notifications", "kind = {:k}", dbx.Params{"k": notify.KindMissingResources})
	if err != nil || alert.GetString("user") != w.staff.Coordinator.Id || alert.GetString("session") != bare.Id || missing() != 1 {
		t.Fatalf("missing-resources alert: %v %v (total %d)", alert, err, missing())
	}
	if body := alert.GetString("body"); body == "" || !contains(body, "photographer and room") {
		t.Fatalf("alert body %q does not say what is missing", body)
	}
	if s := w.reload(later).GetString("status"); s != domain.StatusConfirmed {
		t.Fatalf("session before its deadline moved to %s", s)
	}

	// Rerun, next night: the bare session is looked at, nobody is told again.
	expectCounts(t, w.run(jobs.AutoAssignName, utc("2026-03-06 06:00:00")), 1, 0, 1, 0)
	expectCounts(t, w.run(jobs.AutoAssignName, utc("2026-03-07 06:00:00")), 1, 0, 1, 0)
	if missing() != 1 {
		t.Fatalf("%d missing-resources alerts after reruns, want 1", missing())
	}

	// Resources placed late: the next night assigns it.
	ta.Assign(t, w.app, bare, w.staff.Photographer2, nil)
	fresh := w.reload(bare)
	fresh.Set("room", room.Id)
	if err := w.app.Save(fresh); err != nil {
		t.Fatalf("give the session a room: %v", err)
	}
	expectCounts(t, w.run(jobs.AutoAssignName, utc("2026-03-08 06:00:00")), 1, 1, 0, 0)
	if s := w.reload(bare).GetString("status"); s != domain.StatusAssigned {
		t.Fatalf("session with late resources: %s", s)
	}
}
