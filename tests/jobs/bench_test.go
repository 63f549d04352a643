package jobs_test

import (
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/jobs"
	"github.com/studio/studio/internal/rbac"
	ta "github.com/studio/studio/internal/testapp"
)

// The jobs' load test: 100,000 sessions over four and a half years (55 a
// day, conflict-free, one or two photographers each), 20,000 clients of
// five sessions each, and about 1% of the sessions due for each job. Each
// job runs in a process of its own (the test binary as `jobs run`), so
// its time and peak RSS are its own; the baseline is the same process
// opening the app and running nothing. It runs only with STUDIO_LOAD=1
// (see docs/jobs.md).
const (
	benchSessions = 100_000
	benchClients  = 20_000
	benchDue      = 1_000
	benchRooms    = 6
	benchLanes    = 11 // six rooms + five External lanes per slot
	benchSlots    = 5
)

// benchNow is Monday 1 June 2026 00:00 in Guatemala.
var benchNow = time.Date(2026, 6, 1, 6, 0, 0, 0, time.UTC)

func TestJobsLoad(t *testing.T) {
	if os.Getenv("STUDIO_LOAD") != "1" {
		t.Skip("set STUDIO_LOAD=1 to run the 100,000-session jobs load test")
	}
	w := newWorld(t)
	w.setNow(benchNow)
	seedStart := time.Now()
	seedBench(t, w)
	t.Logf("seeded %d sessions and %d clients in %s", benchSessions, benchClients, time.Since(seedStart).Round(time.Second))
	dir := w.app.DataDir()
	if keep := os.Getenv("STUDIO_LOAD_KEEP"); keep != "" {
		// A copy of the seeded data for profiling runs:
		// STUDIO_JOBS_CHILD_DIR=<keep> STUDIO_JOBS_CHILD_JOB=<job> STUDIO_JOBS_CHILD_NOW=<RFC 3339> STUDIO_JOBS_CPUPROFILE=<file> <test binary>
		if out, err := exec.Command("cp", "-r", dir, keep).CombinedOutput(); err != nil {
			t.Fatalf("keep the seeded data: %v %s", err, out)
		}
	}

	base := runJobProcess(t, dir, "", benchNow, 0)
	load, _ := os.ReadFile("/proc/loadavg")
	fmt.Printf("\nload average at start: %s", load)
	fmt.Printf("baseline (open the app, run nothing): wall %s, CPU %s, peak RSS %.1f MB\n\n", base.wall.Round(time.Millisecond), base.cpu.Round(time.Millisecond), mb(base.maxRSS))
	fmt.Printf("%-20s %-3s %9s %8s %8s %6s %10s %10s %10s %9s %9s\n", "job", "run", "examined", "changed", "skipped", "errors", "job time", "process", "CPU", "peak RSS", "RSS/base")
	at := map[string]time.Time{
		jobs.AutoCancelUnpaidName: benchNow, jobs.AutoAssignName: benchNow,
		jobs.PaymentRemindersName: benchNow.Add(9 * time.Hour), jobs.IntegrityCheckName: benchNow.Add(2 * time.Hour),
		jobs.HighRiskClientsName: benchNow.Add(150 * time.Minute),
	}
	for _, job := range jobs.Names() {
		for run := 1; run <= 2; run++ {
			c := runJobProcess(t, dir, job, at[job], 0)
			r := parseLine(t, c.out)
			fmt.Printf("%-20s %-3d %9d %8d %8d %6d %10s %10s %10s %7.1fMB %8.2fx\n", job, run, r.examined, r.changed, r.skipped, r.errors,
				r.took.Round(time.Millisecond), c.wall.Round(time.Millisecond), c.cpu.Round(time.Millisecond), mb(c.maxRSS), float64(c.maxRSS)/float64(base.maxRSS))
			if r.errors != 0 {
				t.Errorf("%s run %d: %d errors\n%s", job, run, r.errors, c.out)
			}
			if run == 2 && r.changed != 0 {
				t.Errorf("%s: the second run changed %d", job, r.changed)
			}
			if run == 1 && job != jobs.HighRiskClientsName && r.changed != benchDue {
				t.Errorf("%s: changed %d, want %d", job, r.changed, benchDue)
			}
			if run == 1 && job == jobs.HighRiskClientsName && r.changed < benchClients/100 {
				t.Errorf("%s: changed %d, want at least %d", job, r.changed, benchClients/100)
			}
		}
	}
	load, _ = os.ReadFile("/proc/loadavg")
	fmt.Printf("\nload average at the end: %s\n", load)
}

func mb(b int64) float64 { return float64(b) / (1 << 20) }

type parsed struct {
	examined, changed, skipped, errors int
	took                               time.Duration
}

var lineRE = regexp.MustCompile(`examined (\d+), changed (\d+), skipped (\d+), errors (\d+) in (\S+)`)

func parseLine(t *testing.T, out string) parsed {
	t.Helper()
	m := lineRE.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no summary line in:\n%s", out)
	}
	n := func(s string) int { v, _ := strconv.Atoi(s); return v }
	d, err := time.ParseDuration(m[5])
	if err != nil {
		t.Fatal(err)
	}
	return parsed{n(m[1]), n(m[2]), n(m[3]), n(m[4]), d}
}

// seedBench writes the data straight into the tables (no hooks), then
// makes about 1% of the sessions due for each job.
func seedBench(t *testing.T, w *world) {
	t.Helper()
	clients := bulkClients(t, w.app, benchClients)
	var rooms, photographers []*core.Record
	for range benchRooms {
		rooms = append(rooms, ta.Room(t, w.app, nil))
	}
	for range 20 {
		photographers = append(photographers, ta.User(t, w.app, "bp", rbac.RolePhotographer))
	}
	rng := rand.New(rand.NewSource(1))
	from := benchNow.In(guatemala).AddDate(0, 0, -1500)
	sessions := make([]ta.BulkSession, 0, benchSessions)
	var assignments []ta.BulkAssignment
	for d := 0; len(sessions) < benchSessions; d++ {
		date := from.AddDate(0, 0, d)
		for slot := 0; slot < benchSlots && len(sessions) < benchSessions; slot++ {
			for lane := 0; lane < benchLanes && len(sessions) < benchSessions; lane++ {
				n := len(sessions)
				start := time.Date(date.Year(), date.Month(), date.Day(), 8+2*slot, 0, 0, 0, guatemala)
				s := ta.BulkSession{ID: fmt.Sprintf("bs%013d", n), Code: fmt.Sprintf("B-%07d", n), Client: clients[n%benchClients],
					Status: benchStatus(rng, n, start), Start: start, End: start.Add(2 * time.Hour)}
				if lane < benchRooms {
					s.Type, s.Room = domain.SessionTypeStudio, rooms[lane].Id
				} else {
					s.Type, s.Location = domain.SessionTypeExternal, "Client venue"
				}
				sessions = append(sessions, s)
				assignments = append(assignments, ta.BulkAssignment{ID: fmt.Sprintf("ba%013d", n), Session: s.ID,
					Photographer: photographers[lane].Id, Status: domain.AssignmentConfirmed, Start: s.Start, End: s.End, Lead: true})
			}
		}
	}
	ta.BulkInsert(t, w.app, sessions, assignments)

	loc := guatemala
	day := func(offset int) string {
		return dbTime(time.Date(benchNow.In(loc).Year(), benchNow.In(loc).Month(), benchNow.In(loc).Day()+offset, 23, 59, 59, 0, loc))
	}
	// Every Pre-scheduled session gets a deadline three days out, every
	// Confirmed one a changes deadline a week before its date; then 1,000
	// of each are made due.
	w.exec("UPDATE sessions SET payment_deadline = {:d} WHERE status = 'Pre-scheduled'", dbx.Params{"d": day(3)})
	w.exec("UPDATE sessions SET changes_deadline = strftime('%Y-%m-%d 05:59:59.000Z', starts_at, '-6 days') WHERE status = 'Confirmed'", nil)
	// Confirmed sessions already past that deadline would have been
	// assigned on earlier nights.
	w.exec("UPDATE sessions SET status = 'Assigned' WHERE status = 'Confirmed' AND changes_deadline <= {:now}", dbx.Params{"now": dbTime(benchNow)})
	due := func(status, set string, offset int, value string) {
		w.exec("UPDATE sessions SET "+set+" = {:v} WHERE id IN (SELECT id FROM sessions WHERE status = {:s} AND "+
			set+" > {:now} ORDER BY id LIMIT {:n} OFFSET {:o})",
			dbx.Params{"v": value, "s": status, "now": dbTime(benchNow), "n": benchDue, "o": offset})
	}
	due(domain.StatusPreScheduled, "payment_deadline", 0, day(-1))
	due(domain.StatusPreScheduled, "payment_deadline", 0, day(1)) // now + 1 day: reminders
	due(domain.StatusConfirmed, "changes_deadline", 0, day(-1))
	w.exec("UPDATE sessions SET total = 1 WHERE id IN (SELECT id FROM sessions WHERE status = 'Completed' ORDER BY id LIMIT {:n})", dbx.Params{"n": benchDue})
	// 200 clients (1%) with three of their five sessions canceled.
	w.exec(`UPDATE sessions SET status = 'Canceled' WHERE status = 'Completed' AND client IN (SELECT id FROM clients ORDER BY id LIMIT 200)
		AND id IN (SELECT id FROM sessions s2 WHERE s2.client = sessions.client AND s2.status IN ('Completed', 'Canceled') ORDER BY s2.id LIMIT 3)`, nil)
	for _, q := range []string{"ANALYZE", "PRAGMA wal_checkpoint(TRUNCATE)"} {
		w.exec(q, nil)
	}
	counts := map[string]int{}
	for _, c := range []struct{ name, where string }{
		{"pre-scheduled past deadline", "status = 'Pre-scheduled' AND payment_deadline < '" + dbTime(benchNow) + "'"},
		{"pre-scheduled due tomorrow", "status = 'Pre-scheduled' AND payment_deadline = '" + day(1) + "'"},
		{"confirmed past changes deadline", "status = 'Confirmed' AND changes_deadline < '" + dbTime(benchNow) + "'"},
	} {
		var n int
		if err := w.app.DB().NewQuery("SELECT count(*) FROM sessions WHERE " + c.where).Row(&n); err != nil {
			t.Fatal(err)
		}
		counts[c.name] = n
	}
	for name, n := range counts {
		if n != benchDue {
			t.Fatalf("%s: %d sessions, want %d", name, n, benchDue)
		}
	}
}

func dbTime(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05.000Z") }

// benchStatus: 7% Canceled at random; the others Completed in the past,
// spread over the open states in the future.
func benchStatus(rng *rand.Rand, n int, start time.Time) string {
	if rng.Intn(100) < 7 {
		return domain.StatusCanceled
	}
	if start.Before(benchNow) {
		return domain.StatusCompleted
	}
	return []string{domain.StatusRequest, domain.StatusNegotiation, domain.StatusPreScheduled, domain.StatusConfirmed, domain.StatusAssigned}[n%5]
}

func bulkClients(t *testing.T, app core.App, n int) []string {
	t.Helper()
	ids := make([]string, n)
	stamp := dbTime(time.Now())
	err := app.RunInTransaction(func(tx core.App) error {
		for from := 0; from < n; from += 200 {
			var rows []string
			params := dbx.Params{"stamp": stamp}
			for i := from; i < min(from+200, n); i++ {
				ids[i] = fmt.Sprintf("bc%013d", i)
				k := strconv.Itoa(i)
				params["i"+k] = ids[i]
				rows = append(rows, fmt.Sprintf("({:i%[1]s}, 'Client %[1]s', 'bench-client%[1]s@example.com', '+502 5000 0000', 'Individual', 'Active', 0, {:stamp}, {:stamp})", k))
			}
			q := "INSERT INTO clients (id, full_name, email, primary_phone, client_type, status, high_risk, created, updated) VALUES " + strings.Join(rows, ", ")
			if _, err := tx.DB().NewQuery(q).Bind(params).Execute(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("bulk clients: %v", err)
	}
	return ids
}
