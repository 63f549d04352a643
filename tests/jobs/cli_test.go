package jobs_test

import (
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// `studio jobs list` and `studio jobs run <name> [--dry-run]` against
// --dir, with the real binary on the demo data.
func TestJobsCLI(t *testing.T) {
	run, _ := seededCLI(t)
	out, err := run("jobs", "list")
	if err != nil {
		t.Fatalf("jobs list: %v\n%s", err, out)
	}
	for _, want := range []string{"auto-cancel-unpaid  0 0 * * *", "auto-assign         0 0 * * *", "payment-reminders   0 9 * * *",
		"integrity-check     0 2 * * *", "high-risk-clients   30 2 * * *"} {
		if !strings.Contains(out, want) {
			t.Errorf("jobs list lacks %q:\n%s", want, out)
		}
	}
	// The demo data is consistent and none of its clients is high risk.
	out, err = run("jobs", "run", "integrity-check", "--dry-run")
	if err != nil || !regexp.MustCompile(`integrity-check: examined [1-9]\d*, changed 0, skipped 0, errors 0 .*dry run`).MatchString(out) {
		t.Fatalf("dry run: %v\n%s", err, out)
	}
	out, err = run("jobs", "run", "high-risk-clients")
	if err != nil || !regexp.MustCompile(`high-risk-clients: examined ([1-9]\d*), changed 0, skipped ([1-9]\d*), errors 0`).MatchString(out) {
		t.Fatalf("run: %v\n%s", err, out)
	}
	if out, err = run("jobs", "run", "nightly-coffee"); err == nil || !strings.Contains(out, `unknown job "nightly-coffee"`) {
		t.Fatalf("unknown job: %v\n%s", err, out)
	}
}

// seededCLI seeds the demo data into a fresh --dir with the real binary
// and answers a runner of `studio <args> --dir <dir>` and the dir.
func seededCLI(t *testing.T) (run func(args ...string) (string, error), data string) {
	t.Helper()
	bin := studioBinary(t)
	data = filepath.Join(t.TempDir(), "pb_data")
	run = func(args ...string) (string, error) {
		out, err := exec.Command(bin, append(args, "--dir", data)...).CombinedOutput()
		return string(out), err
	}
	if out, err := run("seed", "--demo"); err != nil {
		t.Fatalf("seed: %v\n%s", err, out)
	}
	return run, data
}
