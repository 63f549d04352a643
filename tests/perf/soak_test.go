package perf

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/model"
	ta "github.com/studio/studio/internal/testapp"
)

// The soak (issue 12, scope 5): the studio binary serves a copy of the
// cached 100,000-session data dir on loopback while several roles send a
// closed loop of mixed requests for STUDIO_SOAK (default 5m); the server's
// RSS is sampled from /proc every rssEvery.
//
// The baseline is plain PocketBase (tests/perf/plainpb: pocketbase.New()
// and nothing else) started on another copy of the same data dir at the
// same time, with as many clients sending the plain counterparts: the
// plain_sessions lists and views with the same tokens' users, a window
// filter for availability, and updates and creates of plain_sessions rows
// for the writes. Serving plain_sessions from the studio binary would not
// do: its hooks, jobs and outbox worker would still be loaded. Both servers
// run side by side so that the machine's other work weighs on both alike;
// each gets its own clients.
//
// Both copies have rate limiting turned off through the settings API
// before the load starts: the studio's migrated limits (300 requests per
// 10 s per address, docs/rules.md §11) would refuse a load test sending
// from one address, which measures capacity, not the limiter.
const (
	soakDefault = 5 * time.Minute
	rssEvery    = 5 * time.Second
	rssTarget   = 150 // MB
)

// soakDuration is STUDIO_SOAK (a Go duration), or soakDefault.
func soakDuration(t *testing.T) time.Duration {
	t.Helper()
	v := os.Getenv("STUDIO_SOAK")
	if v == "" {
		return soakDefault
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		t.Fatalf("STUDIO_SOAK=%q: want a duration such as 5m or 30s", v)
	}
	return d
}

func TestSoak(t *testing.T) {
	skipUnlessLoad(t)
	dur := soakDuration(t)
	dir := seedCacheDir(t, listSessions, buildList)
	ids := readSeedIDs(t, dir)
	bin := t.TempDir()
	goBuild(t, filepath.Join(bin, "studio"), ".")
	goBuild(t, filepath.Join(bin, "plainpb"), "./tests/perf/plainpb")

	studio := startServer(t, "studio", filepath.Join(bin, "studio"), dir)
	plain := startServer(t, "plain", filepath.Join(bin, "plainpb"), dir)
	rssStart := map[string]float64{"studio": studio.rss(t), "plain": plain.rss(t)}
	t.Logf("rss after start: studio %.1f MB, plain %.1f MB", rssStart["studio"], rssStart["plain"])

	sl, pl := newSoakLoad(studio), newSoakLoad(plain)
	sl.prepare(t, ids, false)
	pl.prepare(t, ids, true)

	t.Logf("soak: %s of mixed load, %d clients per server", dur, len(sl.workers))
	deadline := time.Now().Add(dur)
	var wg sync.WaitGroup
	for _, l := range []*soakLoad{sl, pl} {
		for i, w := range l.workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := rand.New(rand.NewPCG(uint64(i), uint64(time.Now().UnixNano())))
				for time.Now().Before(deadline) {
					w(r)
				}
			}()
		}
	}
	series := map[string][]float64{}
	sample := func(at time.Duration) {
		s, p := studio.rss(t), plain.rss(t)
		series["studio"] = append(series["studio"], s)
		series["plain"] = append(series["plain"], p)
		t.Logf("rss +%-6s studio %6.1f MB  plain %6.1f MB  (requests: studio %d, plain %d)",
			at.Round(time.Second), s, p, sl.count.Load(), pl.count.Load())
	}
	t0 := time.Now()
	tick := time.NewTicker(rssEvery)
	for time.Now().Before(deadline) {
		<-tick.C
		sample(time.Since(t0))
	}
	tick.Stop()
	wg.Wait()
	elapsed := time.Since(t0)
	sample(elapsed)

	label := fmtDuration(dur)
	for _, name := range []string{"studio", "plain"} {
		l := map[string]*soakLoad{"studio": sl, "plain": pl}[name]
		t.Logf("%s: %d requests in %s, %.1f/s, %d errors", name, l.count.Load(), elapsed.Round(time.Second),
			float64(l.count.Load())/elapsed.Seconds(), l.errors.Load())
		for _, op := range l.ops() {
			n, p50, p95 := l.percentiles(op)
			t.Logf("  %-7s %-26s n=%6d  p50 %7.1f ms  p95 %7.1f ms", name, op, n, p50, p95)
		}
		for _, e := range l.firstErrors() {
			t.Logf("  %s error: %s", name, e)
		}
	}
	sEnd, pEnd := last(series["studio"]), last(series["plain"])
	sMax, pMax := slices.Max(series["studio"]), slices.Max(series["plain"])
	// rows of make bench's table (docs/performance.md)
	fmt.Printf("TABLE|server RSS after 100k seed + %s mixed load, MB|%.1f|%.1f|%.2f|< %d MB|%s\n",
		label, sEnd, pEnd, sEnd/pEnd, rssTarget, yes(sEnd < rssTarget))
	fmt.Printf("TABLE|server RSS, max during the soak, MB|%.1f|%.1f|%.2f|< %d MB|%s\n",
		sMax, pMax, sMax/pMax, rssTarget, yes(sMax < rssTarget))
	sRate, pRate := float64(sl.count.Load())/elapsed.Seconds(), float64(pl.count.Load())/elapsed.Seconds()
	fmt.Printf("TABLE|soak throughput, requests/s (mixed)|%.1f|%.1f|%.2f|-|-\n", sRate, pRate, sRate/pRate)
	fmt.Printf("TABLE|soak errors|%d|%d|-|0|%s\n", sl.errors.Load(), pl.errors.Load(), yes(sl.errors.Load() == 0))
	for _, op := range []string{"photographer list", "photographer list skipTotal", "coordinator list skipTotal", "view", "update session"} {
		_, _, s95 := sl.percentiles(op)
		_, _, p95 := pl.percentiles(op)
		fmt.Printf("TABLE|soak p95 %s, ms|%.1f|%.1f|%.2f|-|-\n", op, s95, p95, s95/p95)
	}
	if n := sl.errors.Load() + pl.errors.Load(); n > 0 {
		t.Errorf("%d requests failed (studio %d, plain %d); the first are logged above", n, sl.errors.Load(), pl.errors.Load())
	}
}

func yes(ok bool) string {
	if ok {
		return "yes"
	}
	return "no"
}

func last(s []float64) float64 { return s[len(s)-1] }

// fmtDuration writes 5m rather than 5m0s.
func fmtDuration(d time.Duration) string {
	if d%time.Minute == 0 {
		return fmt.Sprintf("%dm", int(d/time.Minute))
	}
	return d.String()
}

// goBuild builds the package pkg of the module into out.
func goBuild(t *testing.T, out, pkg string) {
	t.Helper()
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Now()
	cmd := exec.Command("go", "build", "-o", out, pkg)
	cmd.Dir = root
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build %s: %v\n%s", pkg, err, b)
	}
	t.Logf("built %s in %s", pkg, time.Since(t0).Round(100*time.Millisecond))
}

// server is a server process started by the test on loopback.
type server struct {
	name, base string
	cmd        *exec.Cmd
	log        string
}

// startServer runs bin serve on a copy of the data dir at a free loopback
// port and waits for its health check; the process is stopped (SIGTERM,
// then SIGKILL after 10 s) when the test ends.
func startServer(t *testing.T, name, bin, data string) *server {
	t.Helper()
	dir, err := tests.TempDirClone(data)
	if err != nil {
		t.Fatalf("copy data dir: %v", err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	// STUDIO_SOAK_LOGS=dir keeps the servers' output (for GODEBUG=gctrace=1)
	s := &server{name: name, base: "http://" + addr, log: filepath.Join(dir, "server.log")}
	if logs := os.Getenv("STUDIO_SOAK_LOGS"); logs != "" {
		s.log = filepath.Join(logs, name+".log")
	}
	logf, err := os.Create(s.log)
	if err != nil {
		t.Fatal(err)
	}
	// --dev=false: a binary under the temp dir counts as `go run` for
	// PocketBase, which would then log every SQL statement
	s.cmd = exec.Command(bin, "serve", "--dev=false", "--dir", dir, "--http", addr)
	s.cmd.Stdout, s.cmd.Stderr = logf, logf
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	done := make(chan struct{})
	go func() { _ = s.cmd.Wait(); logf.Close(); close(done) }()
	t.Cleanup(func() {
		_ = s.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = s.cmd.Process.Kill()
			<-done
		}
	})
	for start := time.Now(); ; time.Sleep(100 * time.Millisecond) {
		select {
		case <-done:
			b, _ := os.ReadFile(s.log)
			t.Fatalf("%s exited at start:\n%s", name, b)
		default:
		}
		if res, err := http.Get(s.base + "/api/health"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Since(start) > time.Minute {
			b, _ := os.ReadFile(s.log)
			t.Fatalf("%s did not answer /api/health in a minute:\n%s", name, b)
		}
	}
	t.Logf("%s: pid %d on %s (data %s)", name, s.cmd.Process.Pid, s.base, dir)
	return s
}

// rss is the process's resident set (VmRSS) in MB.
func (s *server) rss(t *testing.T) float64 {
	t.Helper()
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		t.Fatalf("%s: %v", s.name, err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			if err != nil {
				t.Fatalf("%s: VmRSS %q: %v", s.name, v, err)
			}
			return kb / 1024
		}
	}
	t.Fatalf("%s: no VmRSS in /proc/%d/status", s.name, s.cmd.Process.Pid)
	return 0
}

// soakLoad is the clients of one server and what they measured.
type soakLoad struct {
	srv     *server
	client  *http.Client
	workers []func(*rand.Rand)

	count, errors atomic.Int64
	mu            sync.Mutex
	lat           map[string][]time.Duration
	errs          []string
	created       atomic.Int64
}

func newSoakLoad(s *server) *soakLoad {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 64
	return &soakLoad{srv: s, client: &http.Client{Transport: tr, Timeout: time.Minute}, lat: map[string][]time.Duration{}}
}

// do sends one request as token and records its time under op; any answer
// but a 2xx counts as an error (no request of the soak is meant to be
// refused). into, when not nil, receives the decoded JSON.
func (l *soakLoad) do(op, method, path, token string, body, into any) bool {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, l.srv.base+path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	t0 := time.Now()
	res, err := l.client.Do(req)
	var raw []byte
	if err == nil {
		raw, err = io.ReadAll(res.Body)
		res.Body.Close()
	}
	d := time.Since(t0)
	l.count.Add(1)
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lat[op] = append(l.lat[op], d)
	switch {
	case err != nil:
		l.fail(fmt.Sprintf("%s %s: %v", method, path, err))
		return false
	case res.StatusCode/100 != 2:
		l.fail(fmt.Sprintf("%s %s: %d %.300s", method, path, res.StatusCode, raw))
		return false
	}
	if into != nil {
		if err := json.Unmarshal(raw, into); err != nil {
			l.fail(fmt.Sprintf("%s %s: decode: %v", method, path, err))
			return false
		}
	}
	return true
}

// fail counts an error, keeping the first few; l.mu is held.
func (l *soakLoad) fail(msg string) {
	l.errors.Add(1)
	if len(l.errs) < 10 {
		l.errs = append(l.errs, msg)
	}
}

func (l *soakLoad) firstErrors() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.errs)
}

func (l *soakLoad) ops() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var ops []string
	for op := range l.lat {
		ops = append(ops, op)
	}
	slices.Sort(ops)
	return ops
}

// percentiles answers how many op requests there were and their p50 and
// p95 in ms.
func (l *soakLoad) percentiles(op string) (int, float64, float64) {
	l.mu.Lock()
	d := slices.Clone(l.lat[op])
	l.mu.Unlock()
	if len(d) == 0 {
		return 0, 0, 0
	}
	slices.Sort(d)
	at := func(p float64) float64 {
		return float64(d[min(len(d)-1, int(p*float64(len(d))))]) / float64(time.Millisecond)
	}
	return len(d), at(0.50), at(0.95)
}

// login answers a token of the user with the factory password.
func (l *soakLoad) login(t *testing.T, collection, email string) string {
	t.Helper()
	var out struct {
		Token string `json:"token"`
	}
	if !l.do("login", http.MethodPost, "/api/collections/"+collection+"/auth-with-password", "",
		map[string]any{"identity": email, "password": ta.Password}, &out) {
		t.Fatalf("%s: login %s: %v", l.srv.name, email, l.firstErrors())
	}
	return out.Token
}

type listAnswer struct {
	Items []struct {
		ID string `json:"id"`
	} `json:"items"`
}

// prepare logs the users in, turns rate limiting off, and sets up the
// clients: two photographers, an editor, a coordinator reading and a
// coordinator writing. plain chooses the plain PocketBase counterparts.
func (l *soakLoad) prepare(t *testing.T, ids seedIDs, plain bool) {
	t.Helper()
	email := map[string]string{}
	for _, u := range ids.Users {
		email[u.ID] = u.Email
	}
	su := l.login(t, core.CollectionNameSuperusers, email[ids.Staff["Superuser"]])
	if !l.do("settings", http.MethodPatch, "/api/settings", su, map[string]any{"rateLimits": map[string]any{"enabled": false}}, nil) {
		t.Fatalf("%s: rate limits off: %v", l.srv.name, l.firstErrors())
	}
	tok := map[string]string{}
	for _, who := range []string{"Photographer", "Photographer2", "Editor", "Coordinator"} {
		tok[who] = l.login(t, "users", email[ids.Staff[who]])
	}
	sessions := "/api/collections/" + model.Sessions + "/records"
	editorList, coordinator := sessions, tok["Coordinator"]
	if plain {
		sessions = "/api/collections/plain_sessions/records"
		editorList, coordinator = "/api/collections/plain_sessions_editor/records", su
	}
	var client listAnswer
	if !l.do("setup", http.MethodGet, "/api/collections/clients/records?perPage=1&skipTotal=1", su, nil, &client) || len(client.Items) == 0 {
		t.Fatalf("%s: no client: %v", l.srv.name, l.firstErrors())
	}
	const page = "?perPage=30&sort=-starts_at"
	// reader: one role's lists and views of its own sessions (the ids its
	// last list answered)
	reader := func(role, list, token string) func(*rand.Rand) {
		var seen []string
		return func(r *rand.Rand) {
			switch k := r.IntN(100); {
			case k < 15:
				l.do(role+" list", http.MethodGet, list+page, token, nil, nil)
			case k < 60 || len(seen) == 0:
				var a listAnswer
				if l.do(role+" list skipTotal", http.MethodGet, list+page+"&skipTotal=1&page="+strconv.Itoa(1+r.IntN(20)), token, nil, &a) && len(a.Items) > 0 {
					seen = seen[:0]
					for _, it := range a.Items {
						seen = append(seen, it.ID)
					}
				}
			default:
				l.do("view", http.MethodGet, list+"/"+seen[r.IntN(len(seen))], token, nil, nil)
			}
		}
	}
	// a one-week window some time in the coming year
	window := func(r *rand.Rand) (string, string) {
		from := time.Now().UTC().Truncate(time.Hour).Add(time.Duration(r.IntN(365*24)) * time.Hour)
		return from.Format(time.RFC3339), from.AddDate(0, 0, 7).Format(time.RFC3339)
	}
	coordReader := func(r *rand.Rand) {
		switch k := r.IntN(100); {
		case k < 10:
			l.do("coordinator list", http.MethodGet, sessions+page, coordinator, nil, nil)
		case k < 50:
			l.do("coordinator list skipTotal", http.MethodGet, sessions+page+"&skipTotal=1&page="+strconv.Itoa(1+r.IntN(100)), coordinator, nil, nil)
		case k < 75:
			l.do("view", http.MethodGet, fmt.Sprintf("%s/ps%013d", sessions, r.IntN(listSessions)), coordinator, nil, nil)
		default:
			from, to := window(r)
			if plain {
				// the rows of the window: what availability reads
				f := url.QueryEscape(fmt.Sprintf("starts_at < '%s' && ends_at > '%s'", to, from))
				l.do("availability", http.MethodGet, sessions+"?perPage=200&skipTotal=1&filter="+f, coordinator, nil, nil)
				return
			}
			l.do("availability", http.MethodGet, "/api/studio/availability?starts_at="+url.QueryEscape(from)+"&ends_at="+url.QueryEscape(to), coordinator, nil, nil)
		}
	}
	// writer: updates of upcoming sessions; and new sessions, each moved
	// one step and given a photographer, in 2060 and later, one every three
	// hours, after every seeded session, so that nothing collides
	photographers := []string{ids.Staff["Photographer"], ids.Staff["Photographer2"]}
	newStart := time.Date(2060, 1, 1, 9, 0, 0, 0, time.UTC)
	coordWriter := func(r *rand.Rand) {
		if r.IntN(2) == 0 {
			i := 12_000 + r.IntN(listSessions-12_000) // after the clock: Confirmed
			if i%50 == 7 {
				i++ // Attended ones are left alone
			}
			l.do("update session", http.MethodPatch, fmt.Sprintf("%s/ps%013d", sessions, i), coordinator,
				map[string]any{"event_description": fmt.Sprintf("soak %d", r.IntN(1e6))}, nil)
			return
		}
		k := l.created.Add(1)
		start := newStart.Add(time.Duration(k) * 3 * time.Hour)
		body := map[string]any{"client": client.Items[0].ID, "session_type": domain.SessionTypeExternal,
			"location": "Soak", "starts_at": start, "ends_at": start.Add(2 * time.Hour)}
		if plain {
			// no owner yet: like a new session, nobody's until assigned
			body["code"], body["status"] = fmt.Sprintf("S-%07d", k), domain.StatusRequest
		}
		var created struct {
			ID string `json:"id"`
		}
		if !l.do("create session", http.MethodPost, sessions, coordinator, body, &created) {
			return
		}
		if plain {
			l.do("transition", http.MethodPatch, sessions+"/"+created.ID, coordinator, map[string]any{"status": domain.StatusNegotiation}, nil)
			l.do("assign", http.MethodPatch, sessions+"/"+created.ID, coordinator, map[string]any{"owner": photographers[k%2]}, nil)
			return
		}
		l.do("transition", http.MethodPost, "/api/studio/sessions/"+created.ID+"/transitions", coordinator,
			map[string]any{"to": domain.StatusNegotiation}, nil)
		l.do("assign", http.MethodPost, "/api/collections/"+model.SessionPhotographers+"/records", coordinator, map[string]any{
			"session": created.ID, "photographer": photographers[k%2], "assignment_status": domain.AssignmentAssigned,
			"coverage_start": start, "coverage_end": start.Add(2 * time.Hour)}, nil)
	}
	l.workers = []func(*rand.Rand){
		reader("photographer", sessions, tok["Photographer"]),
		reader("photographer", sessions, tok["Photographer2"]),
		reader("editor", editorList, tok["Editor"]),
		coordReader,
		coordWriter,
	}
	// the setup requests are not part of the figures
	l.mu.Lock()
	l.lat = map[string][]time.Duration{}
	l.mu.Unlock()
	l.count.Store(0)
}
