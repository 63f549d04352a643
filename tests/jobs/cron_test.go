package jobs_test

import (
	"testing"

	"github.com/studio/studio/internal/jobs"
)

// hooks.Register puts every job on PocketBase's scheduler at the schedule
// of docs/jobs.md.
func TestCronRegistration(t *testing.T) {
	w := newWorld(t)
	want := map[string]string{
		"studio.auto-cancel-unpaid": "0 0 * * *",
		"studio.auto-assign":        "0 0 * * *",
		"studio.payment-reminders":  "0 9 * * *",
		"studio.integrity-check":    "0 2 * * *",
		"studio.high-risk-clients":  "30 2 * * *",
	}
	got := map[string]string{}
	for _, j := range w.app.Cron().Jobs() {
		got[j.Id()] = j.Expression()
	}
	for id, spec := range want {
		if got[id] != spec {
			t.Errorf("cron %s: %q, want %q", id, got[id], spec)
		}
	}
	if len(jobs.Registry()) != len(want) {
		t.Errorf("%d jobs registered, want %d", len(jobs.Registry()), len(want))
	}
}
