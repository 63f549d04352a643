// Package sweep runs a seeded random sweep of API operations over real
// HTTP, as random roles and partly concurrent, against one studio, then
// checks the invariants of the money and scheduling rules on what the
// database holds. Bounded in time, and reproducible from its seed: every
// choice comes from the seed, but which of a concurrent burst's requests
// wins depends on timing, and later choices pick among the records that
// exist, so two runs agree exactly only without bursts
// (STUDIO_SWEEP_SERIAL=1).
//
//	STUDIO_SWEEP_SEED    the seed (default 20261127)
//	STUDIO_SWEEP_OPS     the number of operations (default 3000; 600 with -short)
//	STUDIO_SWEEP_TIME    the time bound in seconds (default 150): the sweep stops there
//	STUDIO_SWEEP_SERIAL  1 runs every operation alone (no concurrent bursts)
package sweep

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/rbac"
	"github.com/studio/studio/internal/settings"
	ta "github.com/studio/studio/internal/testapp"
)

// studio is the world the sweep works on.
type studio struct {
	app    *tests.TestApp
	base   string
	tokens map[string]string // role name → token ("guest" is empty)
	roles  []string          // the role names, weighted by how often they act
	clock  atomic.Int64      // unix nanoseconds

	clients, rooms, items, packages []string
	photographers                   []*core.Record // who an assignment may name (editors among them on purpose)
	extraPhotographers              []*core.Record // the ones admin ops deactivate or demote
	roleIDs                         map[string]string

	mu       sync.Mutex
	sessions []string
	lines    []string
	payments []string
	assigns  []string

	stats  sync.Map // "METHOD kind status" → *atomic.Int64
	server []string // every 5xx answer
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

func newStudio(t *testing.T) *studio {
	t.Helper()
	app := ta.New(t)
	s := &studio{app: app, roleIDs: map[string]string{}}
	s.clock.Store(time.Date(2026, 6, 1, 15, 0, 0, 0, time.UTC).UnixNano())
	settings.SetClock(app, func() time.Time { return time.Unix(0, s.clock.Load()).UTC() })
	staff := ta.NewStaff(t, app)
	s.tokens = map[string]string{
		"admin": ta.Token(t, staff.Admin), "coordinator": ta.Token(t, staff.Coordinator),
		"photographer": ta.Token(t, staff.Photographer), "editor": ta.Token(t, staff.Editor),
		"superuser": ta.Token(t, staff.Superuser), "guest": "",
	}
	s.roles = []string{"admin", "coordinator", "coordinator", "coordinator", "superuser", "photographer", "editor", "guest"}
	for _, name := range []string{rbac.RolePhotographer, rbac.RoleEditor} {
		r, err := app.FindFirstRecordByData("roles", "name", name)
		if err != nil {
			t.Fatal(err)
		}
		s.roleIDs[name] = r.Id
	}
	for range 3 {
		s.extraPhotographers = append(s.extraPhotographers, ta.User(t, app, "sweep-photographer", rbac.RolePhotographer))
	}
	s.photographers = append([]*core.Record{staff.Photographer, staff.Photographer2, staff.Editor}, s.extraPhotographers...)
	for range 3 {
		s.clients = append(s.clients, ta.Client(t, app, nil).Id)
	}
	for range 3 {
		s.rooms = append(s.rooms, ta.Room(t, app, nil).Id)
	}
	s.rooms = append(s.rooms, ta.Room(t, app, map[string]any{"status": domain.Maintenance}).Id)
	var items []*core.Record
	for i, price := range []float64{100, 333.33, 975, 0.07, 1250.5} {
		it := ta.Item(t, app, map[string]any{"unit_price": price, "code": fmt.Sprintf("SW-IT-%d", i)})
		items = append(items, it)
		s.items = append(s.items, it.Id)
	}
	s.packages = append(s.packages,
		ta.Package(t, app, map[string]any{"base_price": 1999.99, "session_type": domain.PackageTypeBoth}, items[0], items[1], items[2]).Id,
		ta.Package(t, app, map[string]any{"base_price": 500, "session_type": domain.PackageTypeBoth}, items[3], items[4]).Id)
	s.base = ta.Serve(t, app)
	return s
}

func (s *studio) now() time.Time { return time.Unix(0, s.clock.Load()).UTC() }

// answer is one HTTP answer.
type answer struct {
	status int
	body   map[string]any
}

func (a answer) id() string { s, _ := a.body["id"].(string); return s }

// do sends one request and records its status under kind.
func (s *studio) do(kind, method, path, role string, body any) answer {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, s.base+path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if tok := s.tokens[role]; tok != "" {
		req.Header.Set("Authorization", tok)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		s.mu.Lock()
		s.server = append(s.server, fmt.Sprintf("%s %s as %s: %v", method, path, role, err))
		s.mu.Unlock()
		return answer{}
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	out := answer{status: res.StatusCode}
	_ = json.Unmarshal(raw, &out.body)
	key := fmt.Sprintf("%s %d", kind, res.StatusCode)
	c, _ := s.stats.LoadOrStore(key, new(atomic.Int64))
	c.(*atomic.Int64).Add(1)
	if res.StatusCode >= 500 {
		s.mu.Lock()
		s.server = append(s.server, fmt.Sprintf("%s %s as %s: %d %s", method, path, role, res.StatusCode, raw))
		s.mu.Unlock()
	}
	return out
}

func pick[T any](r *rand.Rand, list []T) T {
	var zero T
	if len(list) == 0 {
		return zero
	}
	return list[r.IntN(len(list))]
}

func (s *studio) pickID(r *rand.Rand, list *[]string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return pick(r, *list)
}

func (s *studio) remember(list *[]string, id string) {
	if id == "" {
		return
	}
	s.mu.Lock()
	*list = append(*list, id)
	s.mu.Unlock()
}

// TestRandomSweep drives the sweep and checks the invariants.
func TestRandomSweep(t *testing.T) {
	seed := uint64(envInt("STUDIO_SWEEP_SEED", 20261127))
	ops := envInt("STUDIO_SWEEP_OPS", 3000)
	if testing.Short() {
		ops = envInt("STUDIO_SWEEP_OPS", 600)
	}
	bound := time.Duration(envInt("STUDIO_SWEEP_TIME", 150)) * time.Second
	s := newStudio(t)
	r := rand.New(rand.NewPCG(seed, 1))
	began := time.Now()
	done, bursts := 0, 0
	for done < ops && time.Since(began) < bound {
		if done%40 == 39 && os.Getenv("STUDIO_SWEEP_SERIAL") != "1" {
			s.burst(rand.New(rand.NewPCG(seed, uint64(2+bursts))), 6)
			bursts++
			done += 6
			continue
		}
		s.randomOp(r, pick(r, s.roles))
		done++
	}
	elapsed := time.Since(began)
	t.Logf("sweep seed %d: %d operations (%d concurrent bursts of 6) in %v; %d sessions, %d lines, %d payments, %d assignments",
		seed, done, bursts, elapsed.Round(time.Millisecond), len(s.sessions), len(s.lines), len(s.payments), len(s.assigns))
	s.logStats(t)
	for _, e := range s.server {
		t.Errorf("server error: %s", e)
	}
	checkInvariants(t, s)
}

func (s *studio) logStats(t *testing.T) {
	var lines []string
	s.stats.Range(func(k, v any) bool {
		lines = append(lines, fmt.Sprintf("%s ×%d", k, v.(*atomic.Int64).Load()))
		return true
	})
	sortStrings(lines)
	for _, l := range lines {
		t.Log(l)
	}
}
