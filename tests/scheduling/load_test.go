package scheduling

import (
	"fmt"
	"io"
	"math/rand"
	"net/http"
	"net/url"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/schedule"
	ta "github.com/studio/studio/internal/testapp"
)

// The load test seeds 100,000 sessions over five years and measures the
// availability answer; it runs only with STUDIO_LOAD=1 (see
// docs/scheduling.md) so the normal suite stays fast.
const (
	loadSessions      = 100_000
	loadRooms         = 6
	loadPhotographers = 20
	loadSamples       = 200
	// lanes per two-hour slot: one per room (Studio) plus five External.
	loadLanes = loadRooms + 5
	loadSlots = 5
)

// loadSchedule builds a realistic, conflict-free history: 55 sessions a
// day (8:00-18:00 studio time, two-hour slots), four and a half years back
// and half a year ahead; one photographer per Studio session, two per
// External one; statuses by age.
func loadSchedule(client string, rooms, photographers []*core.Record, from time.Time, loc *time.Location) ([]ta.BulkSession, []ta.BulkAssignment) {
	rng := rand.New(rand.NewSource(1))
	sessions := make([]ta.BulkSession, 0, loadSessions)
	var assignments []ta.BulkAssignment
	for d := 0; len(sessions) < loadSessions; d++ {
		date := from.AddDate(0, 0, d)
		for slot := 0; slot < loadSlots && len(sessions) < loadSessions; slot++ {
			for lane := 0; lane < loadLanes && len(sessions) < loadSessions; lane++ {
				n := len(sessions)
				slotStart := time.Date(date.Year(), date.Month(), date.Day(), 8+2*slot, 0, 0, 0, loc)
				start := slotStart.Add(time.Duration(rng.Intn(2)) * 15 * time.Minute)
				end := slotStart.Add(2*time.Hour - time.Duration(rng.Intn(2))*15*time.Minute)
				s := ta.BulkSession{ID: fmt.Sprintf("ls%013d", n), Code: fmt.Sprintf("L-%07d", n), Client: client,
					Status: loadStatus(rng, start, now), Start: start, End: end}
				if lane < loadRooms {
					s.Type, s.Room = domain.SessionTypeStudio, rooms[lane].Id
				} else {
					s.Type, s.Location = domain.SessionTypeExternal, "Client venue"
				}
				sessions = append(sessions, s)
				offsets := []int{lane}
				if lane >= loadRooms {
					offsets = append(offsets, lane+5)
				}
				for j, o := range offsets {
					p := photographers[(d*7+slot*16+o)%loadPhotographers]
					assignments = append(assignments, ta.BulkAssignment{ID: fmt.Sprintf("la%012d%d", n, j), Session: s.ID,
						Photographer: p.Id, Status: domain.AssignmentConfirmed, Start: start, End: end, Lead: j == 0})
				}
			}
		}
	}
	return sessions, assignments
}

func loadStatus(rng *rand.Rand, start, now time.Time) string {
	age := now.Sub(start)
	switch {
	case rng.Intn(100) < 7:
		return domain.StatusCanceled
	case age > 45*24*time.Hour:
		return domain.StatusCompleted
	case age > 0:
		return []string{domain.StatusAttended, domain.StatusInEditing, domain.StatusReadyForDelivery, domain.StatusCompleted}[rng.Intn(4)]
	default:
		return []string{domain.StatusRequest, domain.StatusNegotiation, domain.StatusPreScheduled, domain.StatusConfirmed, domain.StatusAssigned}[rng.Intn(5)]
	}
}

// percentiles returns p50 and p95 of the durations.
func percentiles(ds []time.Duration) (time.Duration, time.Duration) {
	s := slices.Clone(ds)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2], s[len(s)*95/100]
}

func measure(n int, f func(i int) error) ([]time.Duration, error) {
	out := make([]time.Duration, n)
	for i := range n {
		t0 := time.Now()
		if err := f(i); err != nil {
			return nil, err
		}
		out[i] = time.Since(t0)
	}
	return out, nil
}

func get(url, token string) error {
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("Authorization", token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %d", url, res.StatusCode)
	}
	_, err = io.Copy(io.Discard, res.Body)
	return err
}

// loadSeed is the 100,000-session world both load tests measure.
type loadSeed struct {
	w             *world
	loc           *time.Location
	photographers []*core.Record
	from, last    time.Time
}

// seedLoad builds the world of loadSchedule with testapp.BulkInsert, or
// skips unless STUDIO_LOAD=1.
func seedLoad(t *testing.T) loadSeed {
	t.Helper()
	if os.Getenv("STUDIO_LOAD") != "1" {
		t.Skip("set STUDIO_LOAD=1 to seed 100,000 sessions and measure (docs/scheduling.md)")
	}
	w := newWorld(t)
	loc := mustLoc(t)
	rooms := []*core.Record{w.room}
	for len(rooms) < loadRooms {
		rooms = append(rooms, ta.Room(t, w.app, nil))
	}
	photographers := []*core.Record{w.staff.Photographer, w.staff.Photographer2}
	for len(photographers) < loadPhotographers {
		photographers = append(photographers, ta.User(t, w.app, "lp", ta.RolePhotographer))
	}
	from := now.AddDate(0, -54, 0)
	t0 := time.Now()
	sessions, assignments := loadSchedule(w.client.Id, rooms, photographers, from, loc)
	ta.BulkInsert(t, w.app, sessions, assignments)
	last := sessions[len(sessions)-1].Start
	t.Logf("seeded %d sessions and %d assignments (%s – %s) in %s", len(sessions), len(assignments),
		from.Format(time.DateOnly), last.Format(time.DateOnly), time.Since(t0).Round(time.Millisecond))
	return loadSeed{w: w, loc: loc, photographers: photographers, from: from, last: last}
}

func TestAvailabilityLoad(t *testing.T) {
	seed := seedLoad(t)
	w, loc, photographers, from, last := seed.w, seed.loc, seed.photographers, seed.from, seed.last

	rng := rand.New(rand.NewSource(2))
	span := int(last.Sub(from).Hours()/24) - 8
	future := int(last.Sub(now).Hours()/24) - 8
	// windows samples whole days across the five years, or only in the
	// future (where every session is open and blocks: the costly case).
	windows := func(length time.Duration, ahead bool) []schedule.Interval {
		out := make([]schedule.Interval, loadSamples)
		for i := range out {
			d := from.AddDate(0, 0, rng.Intn(span))
			if ahead {
				d = now.AddDate(0, 0, 1+rng.Intn(future))
			}
			start := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc)
			out[i] = schedule.Interval{Start: start, End: start.Add(length)}
		}
		return out
	}
	superuser := w.tok["superuser"]
	report := func(name string, ws []schedule.Interval) {
		t.Helper()
		inproc, err := measure(len(ws), func(i int) error {
			_, err := schedule.LoadAvailability(w.app, ws[i], "")
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		plainIn, err := measure(len(ws), func(i int) error {
			_, err := w.app.FindRecordsByFilter("sessions", "starts_at < {:end} && ends_at > {:start}", "starts_at", 0, 0,
				dbx.Params{"start": schedule.DBTime(ws[i].Start), "end": schedule.DBTime(ws[i].End)})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		overHTTP, err := measure(len(ws), func(i int) error {
			return get(w.availability("", ws[i].Start, ws[i].End, ""), w.tok["coordinator"])
		})
		if err != nil {
			t.Fatal(err)
		}
		plainHTTP, err := measure(len(ws), func(i int) error {
			filter := fmt.Sprintf("starts_at < '%s' && ends_at > '%s'", schedule.DBTime(ws[i].End), schedule.DBTime(ws[i].Start))
			return get(w.records("sessions")+"?perPage=500&skipTotal=1&sort=starts_at&filter="+url.QueryEscape(filter), superuser)
		})
		if err != nil {
			t.Fatal(err)
		}
		a50, a95 := percentiles(inproc)
		b50, b95 := percentiles(plainIn)
		c50, c95 := percentiles(overHTTP)
		d50, d95 := percentiles(plainHTTP)
		t.Logf("%-30s in-process availability p50 %8s p95 %8s | plain FindRecordsByFilter p50 %8s p95 %8s | ratio p95 %.2f",
			name, a50, a95, b50, b95, float64(a95)/float64(b95))
		t.Logf("%-30s HTTP       availability p50 %8s p95 %8s | plain list API           p50 %8s p95 %8s | ratio p95 %.2f",
			name, c50, c95, d50, d95, float64(c95)/float64(d95))
	}
	report("1 day", windows(24*time.Hour, false))
	report("1 week", windows(7*24*time.Hour, false))
	report("1 day, future", windows(24*time.Hour, true))
	report("1 week, future", windows(7*24*time.Hour, true))

	explain(t, w.app, "fresh database, no ANALYZE")
	// PocketBase runs PRAGMA optimize (which may ANALYZE) periodically: the
	// plans and the costly case must hold with statistics too.
	if _, err := w.app.DB().NewQuery("ANALYZE").Execute(); err != nil {
		t.Fatal(err)
	}
	explain(t, w.app, "after ANALYZE")
	report("1 week, future, after ANALYZE", windows(7*24*time.Hour, true))

	assignmentThroughput(t, w, photographers)
}

// explain logs the plan of every scheduling query and fails on a table
// scan of sessions or session_photographers.
func explain(t *testing.T, app core.App, when string) {
	t.Helper()
	plans, err := schedule.Explain(app, schedule.Interval{Start: now, End: now.Add(7 * 24 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	names := make([]string, 0, len(plans))
	for n := range plans {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		t.Logf("EXPLAIN QUERY PLAN (%s) %s:\n    %s", when, n, strings.Join(plans[n], "\n    "))
		for _, line := range plans[n] {
			if strings.HasPrefix(line, "SCAN s") || strings.HasPrefix(line, "SCAN a") {
				t.Errorf("%s scans a table: %s", n, line)
			}
		}
	}
}

// assignmentThroughput creates assignments over HTTP from 4 concurrent
// clients, each to a fresh session far after the seeded history, and
// compares with plain PocketBase creates of notifications (a collection
// without studio hooks) in the same run.
func assignmentThroughput(t *testing.T, w *world, photographers []*core.Record) {
	const n, workers = 400, 4
	base := now.AddDate(2, 0, 0)
	var extra []ta.BulkSession
	for i := range n {
		start := base.Add(time.Duration(i/loadPhotographers) * 3 * time.Hour)
		extra = append(extra, ta.BulkSession{ID: fmt.Sprintf("lt%013d", i), Code: fmt.Sprintf("T-%05d", i), Client: w.client.Id,
			Type: domain.SessionTypeExternal, Location: "Venue", Status: domain.StatusConfirmed, Start: start, End: start.Add(2 * time.Hour)})
	}
	ta.BulkInsert(t, w.app, extra, nil)
	run := func(url, token string, body func(i int) map[string]any) float64 {
		var wg sync.WaitGroup
		next := make(chan int)
		failures := make(chan outcome, n)
		t0 := time.Now()
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range next {
					if o := send(http.MethodPost, url, token, body(i)); o.err != nil || o.status != http.StatusOK {
						failures <- o
					}
				}
			}()
		}
		for i := range n {
			next <- i
		}
		close(next)
		wg.Wait()
		close(failures)
		for f := range failures {
			t.Fatalf("create failed: %+v", f)
		}
		return float64(n) / time.Since(t0).Seconds()
	}
	assign := run(w.records("session_photographers"), w.tok["coordinator"], func(i int) map[string]any {
		s := extra[i]
		return map[string]any{"session": s.ID, "photographer": photographers[i%loadPhotographers].Id, "coverage_start": s.Start, "coverage_end": s.End}
	})
	plain := run(w.records("notifications"), w.tok["superuser"], func(i int) map[string]any {
		return map[string]any{"user": photographers[i%loadPhotographers].Id, "kind": "load", "title": "Load"}
	})
	t.Logf("assignment throughput over HTTP (%d workers): %.0f/s | plain PocketBase create: %.0f/s | ratio %.2f", workers, assign, plain, plain/assign)
}
