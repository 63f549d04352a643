package jobs_test

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
)

// A run whose units fail must say so to the shell: `studio jobs run`
// exits non-zero when any session's work failed (here a trigger refuses
// the cancellation), so a cron wrapper or an operator's script notices,
// and it still prints the summary with the error count.
func TestJobsCLIExitsNonZeroWhenUnitsFail(t *testing.T) {
	run, data := seededCLI(t)
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: data})
	if err := app.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`UPDATE sessions SET status = 'Pre-scheduled', payment_deadline = '2020-01-01 05:59:59.000Z'
			WHERE id = (SELECT id FROM sessions WHERE status = 'Pre-scheduled' ORDER BY id LIMIT 1)`,
		`CREATE TRIGGER rev_refuse_cancel BEFORE UPDATE OF status ON sessions WHEN NEW.status = 'Canceled'
			BEGIN SELECT RAISE(ABORT, 'cancellation refused by the test'); END`,
	} {
		res, err := app.DB().NewQuery(q).Execute()
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if n, _ := res.RowsAffected(); strings.HasPrefix(q, "UPDATE") && n != 1 {
			t.Fatalf("the demo data has no Pre-scheduled session to expire (%d rows)", n)
		}
	}
	if err := app.ClearBootstrap(); err != nil {
		t.Fatal(err)
	}

	out, err := run("jobs", "run", "auto-cancel-unpaid")
	if err == nil {
		t.Fatalf("a run with a failed unit exited 0:\n%s", out)
	}
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() == 0 {
		t.Fatalf("want a non-zero exit, got %v\n%s", err, out)
	}
	if !strings.Contains(out, "errors 1") {
		t.Fatalf("the summary does not count the failure:\n%s", out)
	}
}
