package jobs_test

import (
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/jobs"
	"github.com/studio/studio/internal/notify"
	ta "github.com/studio/studio/internal/testapp"
)

// Six invariants broken behind the hooks' back (raw SQL, as a bug or a bad
// import would): the 02:00 run records six anomalies and alerts the admins
// once each; a rerun alerts nobody; a fixed one is closed; broken again,
// it is a new anomaly with a new alert.
func TestIntegrityCheck(t *testing.T) {
	w := newWorld(t)
	day := utc("2026-04-06 15:00:00")
	room := ta.Room(t, w.app, nil)
	totals := w.session(domain.StatusPreScheduled, day, nil)
	noPhotographer := w.session(domain.StatusAssigned, day.Add(3*time.Hour), nil)
	overpaid := w.session(domain.StatusConfirmed, day.Add(6*time.Hour), nil)
	balanceOnly := w.session(domain.StatusConfirmed, day.Add(9*time.Hour), nil)
	roomA := w.session(domain.StatusRequest, day.Add(24*time.Hour), map[string]any{"room": room.Id})
	roomB := w.session(domain.StatusRequest, day.Add(27*time.Hour), map[string]any{"room": room.Id})
	photoA := w.session(domain.StatusRequest, day.Add(48*time.Hour), nil)
	photoB := w.session(domain.StatusRequest, day.Add(51*time.Hour), nil)
	ta.Assign(t, w.app, photoA, w.staff.Photographer2, nil)
	assignB := ta.Assign(t, w.app, photoB, w.staff.Photographer2, nil)
	w.session(domain.StatusConfirmed, day.Add(72*time.Hour), nil) // clean

	w.exec("UPDATE sessions SET total = 999 WHERE id = {:id}", dbx.Params{"id": totals.Id})
	w.exec("UPDATE session_photographers SET assignment_status = 'Reassigned' WHERE session = {:id}", dbx.Params{"id": noPhotographer.Id})
	w.exec("UPDATE session_payments SET amount = 1200 WHERE session = {:id}", dbx.Params{"id": overpaid.Id})
	w.exec("UPDATE session_payments SET payment_type = 'Balance' WHERE session = {:id}", dbx.Params{"id": balanceOnly.Id})
	w.exec("UPDATE sessions SET starts_at = {:s}, ends_at = {:e} WHERE id = {:id}",
		dbx.Params{"id": roomB.Id, "s": "2026-04-07 16:00:00.000Z", "e": "2026-04-07 18:00:00.000Z"})
	w.exec("UPDATE session_photographers SET coverage_start = {:s}, coverage_end = {:e} WHERE id = {:id}",
		dbx.Params{"id": assignB.Id, "s": "2026-04-08 16:59:00.000Z", "e": "2026-04-08 19:00:00.000Z"})

	alerts := func(user string) int {
		return w.count("notifications", dbx.HashExp{"user": user, "kind": notify.KindIntegrity})
	}
	open := func() map[string]string {
		recs, err := w.app.FindRecordsByFilter(jobs.AnomaliesCollection, "status = 'Open'", "", 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, r := range recs {
			out[r.GetString("kind")] = r.GetString("session")
		}
		return out
	}

	expectCounts(t, w.run(jobs.IntegrityCheckName, utc("2026-03-03 08:00:00")), 9, 6, 0, 0)
	first := func(a, b string) string {
		if a < b {
			return a
		}
		return b
	}
	want := map[string]string{
		jobs.KindTotals: totals.Id, jobs.KindNoPhotographer: noPhotographer.Id, jobs.KindOverpaid: overpaid.Id,
		jobs.KindBalanceNoDeposit: balanceOnly.Id, jobs.KindRoomOverlap: first(roomA.Id, roomB.Id),
		jobs.KindPhotographerOverlap: first(photoA.Id, photoB.Id),
	}
	got := open()
	for kind, session := range want {
		if got[kind] != session {
			t.Errorf("anomaly %s: session %q, want %q", kind, got[kind], session)
		}
	}
	if len(got) != 6 || alerts(w.staff.Admin.Id) != 6 || alerts(w.staff.Coordinator.Id) != 0 {
		t.Fatalf("%d open anomalies, admin alerts %d, coordinator alerts %d; want 6, 6, 0", len(got), alerts(w.staff.Admin.Id), alerts(w.staff.Coordinator.Id))
	}
	rec, err := w.app.FindFirstRecordByFilter(jobs.AnomaliesCollection, "kind = {:k}", dbx.Params{"k": jobs.KindTotals})
	if err != nil || !contains(rec.GetString("details"), "total 999.00, subtotal + transportation − discount is 1000.00") {
		t.Fatalf("totals anomaly details: %v %v", rec, err)
	}

	expectCounts(t, w.run(jobs.IntegrityCheckName, utc("2026-03-03 08:00:00")), 9, 0, 6, 0)
	if alerts(w.staff.Admin.Id) != 6 {
		t.Fatalf("rerun alerted again: %d alerts", alerts(w.staff.Admin.Id))
	}

	w.exec("UPDATE sessions SET total = 1000 WHERE id = {:id}", dbx.Params{"id": totals.Id})
	expectCounts(t, w.run(jobs.IntegrityCheckName, utc("2026-03-04 08:00:00")), 9, 1, 5, 0)
	closed, err := w.app.FindFirstRecordByFilter(jobs.AnomaliesCollection, "kind = {:k}", dbx.Params{"k": jobs.KindTotals})
	if err != nil || closed.GetString("status") != jobs.AnomalyClosed || !closed.GetDateTime("closed_at").Time().Equal(utc("2026-03-04 08:00:00")) {
		t.Fatalf("fixed anomaly: %v %v", closed, err)
	}
	if alerts(w.staff.Admin.Id) != 6 {
		t.Fatal("closing an anomaly alerted")
	}

	w.exec("UPDATE sessions SET total = 998 WHERE id = {:id}", dbx.Params{"id": totals.Id})
	expectCounts(t, w.run(jobs.IntegrityCheckName, utc("2026-03-05 08:00:00")), 9, 1, 5, 0)
	if alerts(w.staff.Admin.Id) != 7 || w.count(jobs.AnomaliesCollection, dbx.HashExp{"kind": jobs.KindTotals}) != 2 {
		t.Fatalf("broken again: %d alerts, want 7", alerts(w.staff.Admin.Id))
	}
}
