package perf

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/studio/studio/hooks"
	ta "github.com/studio/studio/internal/testapp"
)

// The 100,000-session world takes about 20 s to seed. It is built once and
// kept as a data dir under $TMPDIR/studio-bench-cache/<key>/; later runs
// start their test app (or, for the soak, the server) from a copy of it.
// The key hashes everything that could change the rows: the module's
// non-test Go code (migrations, hooks, the test factories), every
// migrations/ file, go.mod and go.sum, the Go version, the seed code in
// list_test.go, this file, and n. Set STUDIO_SEED_CACHE=off to build
// without the cache.
const (
	seedCacheVersion = "1"
	seedCacheEnv     = "STUDIO_SEED_CACHE"
	seedIDsFile      = "seed.json"
)

// seedIDs is what a cached world needs besides its data dir: who the staff
// are, the users' logins, and how far testapp.Unique had counted when the
// world was built (so users created later get fresh emails).
type seedIDs struct {
	N      int               `json:"n"`
	Staff  map[string]string `json:"staff"` // role name in ta.Staff → record id
	Users  []seedUser        `json:"users"`
	Unique int64             `json:"unique"`
	Built  string            `json:"built"`
}

type seedUser struct {
	ID         string `json:"id"`
	Email      string `json:"email"`
	Collection string `json:"collection"`
}

// cachedWorld returns the world of n sessions from the cache when there is
// one for this code, else builds it with build, stores it and loads it
// back. A built run loads the stored copy too, so both kinds of run measure
// the same file (VACUUM INTO lays the pages out afresh).
func cachedWorld(t *testing.T, n int, build func(*testing.T, int) *listWorld) *listWorld {
	t.Helper()
	if os.Getenv(seedCacheEnv) == "off" {
		t0 := time.Now()
		w := build(t, n)
		t.Logf("seed: built in %s (cache off)", time.Since(t0).Round(100*time.Millisecond))
		return w
	}
	dir := seedCacheDir(t, n, build)
	t0 := time.Now()
	w := loadWorld(t, dir)
	t.Logf("seed: loaded %s in %s", dir, time.Since(t0).Round(100*time.Millisecond))
	return w
}

// seedCacheDir returns the cache dir of the world of n sessions, building
// it first when missing.
func seedCacheDir(t *testing.T, n int, build func(*testing.T, int) *listWorld) string {
	t.Helper()
	root := filepath.Join(os.TempDir(), "studio-bench-cache")
	key, err := seedKey(n)
	if err != nil {
		t.Fatalf("seed cache key: %v", err)
	}
	dir := filepath.Join(root, key)
	if _, err := os.Stat(filepath.Join(dir, seedIDsFile)); err == nil {
		now := time.Now()
		_ = os.Chtimes(dir, now, now) // last used, for pruneSeedCache
		t.Logf("seed: cached (%s)", dir)
		return dir
	}
	pruneSeedCache(t, root)
	t0 := time.Now()
	w := build(t, n)
	t.Logf("seed: built in %s", time.Since(t0).Round(100*time.Millisecond))
	t1 := time.Now()
	if err := storeWorld(w, n, root, dir); err != nil {
		t.Fatalf("seed cache: %v", err)
	}
	t.Logf("seed: stored %s in %s", dir, time.Since(t1).Round(100*time.Millisecond))
	return dir
}

// storeWorld writes the world's data dir and ids into a fresh temp dir
// beside dir and renames it into place: a crash leaves only a temp dir
// (pruned later), never a partial cache under its key. When another run
// stored the same key meanwhile, its copy wins and this one is dropped.
func storeWorld(w *listWorld, n int, root, dir string) error {
	if err := os.MkdirAll(root, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(root, ".tmp-")
	if err != nil {
		return err
	}
	defer func() { _ = os.RemoveAll(tmp) }() // a no-op once renamed
	src := w.app.DataDir()
	// every file but the databases (storage, types) as they are; the
	// databases as consistent snapshots, whatever their WAL holds
	err = filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(tmp, rel), 0o755)
		}
		if strings.HasSuffix(rel, ".db") || strings.Contains(rel, ".db-") {
			return nil
		}
		return copyFile(path, filepath.Join(tmp, rel))
	})
	if err != nil {
		return err
	}
	if _, err := w.app.DB().NewQuery("VACUUM INTO {:p}").Bind(map[string]any{"p": filepath.Join(tmp, "data.db")}).Execute(); err != nil {
		return fmt.Errorf("vacuum data.db: %w", err)
	}
	if _, err := w.app.AuxDB().NewQuery("VACUUM INTO {:p}").Bind(map[string]any{"p": filepath.Join(tmp, "auxiliary.db")}).Execute(); err != nil {
		return fmt.Errorf("vacuum auxiliary.db: %w", err)
	}
	ids := seedIDs{N: n, Staff: map[string]string{}, Built: time.Now().UTC().Format(time.RFC3339)}
	for _, f := range staffFields(w.staff) {
		ids.Staff[f.name] = (*f.rec).Id
	}
	for _, c := range []string{"users", core.CollectionNameSuperusers} {
		var rows []struct {
			ID    string `db:"id"`
			Email string `db:"email"`
		}
		if err := w.app.DB().NewQuery("SELECT id, email FROM " + c + " ORDER BY rowid").All(&rows); err != nil {
			return err
		}
		for _, r := range rows {
			ids.Users = append(ids.Users, seedUser{ID: r.ID, Email: r.Email, Collection: c})
		}
	}
	// testapp.Unique answers prefix+counter; "" gives the counter alone
	if ids.Unique, err = strconv.ParseInt(ta.Unique(""), 10, 64); err != nil {
		return err
	}
	b, err := json.MarshalIndent(ids, "", "  ")
	if err != nil {
		return err
	}
	// the ids file last: its presence marks a complete cache
	if err := os.WriteFile(filepath.Join(tmp, seedIDsFile), b, 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp, dir); err != nil {
		if _, statErr := os.Stat(filepath.Join(dir, seedIDsFile)); statErr == nil {
			return nil // another run stored it first
		}
		return err
	}
	return nil
}

// readSeedIDs reads the ids stored beside a cached data dir.
func readSeedIDs(t testing.TB, dir string) seedIDs {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, seedIDsFile))
	if err != nil {
		t.Fatalf("seed cache: %v", err)
	}
	var ids seedIDs
	if err := json.Unmarshal(b, &ids); err != nil {
		t.Fatalf("seed cache %s: %v", dir, err)
	}
	return ids
}

// loadWorld starts a test app on a copy of the cached dir, wired as
// testapp.New wires one (hooks registered, rate limits off, the clock
// frozen at the seed's clock), and finds the staff again by id.
func loadWorld(t *testing.T, dir string) *listWorld {
	t.Helper()
	ids := readSeedIDs(t, dir)
	app, err := tests.NewTestApp(dir)
	if err != nil {
		t.Fatalf("test app from %s: %v", dir, err)
	}
	hooks.Register(app)
	t.Cleanup(app.Cleanup)
	app.Settings().RateLimits.Enabled = false
	ta.SetNow(app, clock)
	for {
		v, _ := strconv.ParseInt(ta.Unique(""), 10, 64)
		if v >= ids.Unique {
			break
		}
	}
	st := &ta.Staff{}
	for _, f := range staffFields(st) {
		coll := "users"
		if f.name == "Superuser" {
			coll = core.CollectionNameSuperusers
		}
		rec, err := app.FindRecordById(coll, ids.Staff[f.name])
		if err != nil {
			t.Fatalf("seed cache %s: staff %s %q: %v", dir, f.name, ids.Staff[f.name], err)
		}
		*f.rec = rec
	}
	return &listWorld{app: app, staff: st}
}

// staffField is one record of a ta.Staff, by its field name.
type staffField struct {
	name string
	rec  **core.Record
}

func staffFields(s *ta.Staff) []staffField {
	return []staffField{{"Admin", &s.Admin}, {"Coordinator", &s.Coordinator}, {"Photographer", &s.Photographer},
		{"Photographer2", &s.Photographer2}, {"Editor", &s.Editor}, {"Editor2", &s.Editor2}, {"Superuser", &s.Superuser}}
}

// pruneSeedCache removes caches unused for two days and temp dirs left by
// a run that stopped mid-store (older than an hour: a run storing now is
// younger).
func pruneSeedCache(t *testing.T, root string) {
	entries, err := os.ReadDir(root)
	if err != nil {
		return
	}
	for _, e := range entries {
		info, err := e.Info()
		if err != nil {
			continue
		}
		age := time.Since(info.ModTime())
		if (strings.HasPrefix(e.Name(), ".tmp-") && age > time.Hour) || age > 48*time.Hour {
			t.Logf("seed: pruning %s", e.Name())
			_ = os.RemoveAll(filepath.Join(root, e.Name()))
		}
	}
}

// seedKey hashes what determines the seeded rows (see the comment at the
// top of this file).
func seedKey(n int) (string, error) {
	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	h := sha256.New()
	_, _ = fmt.Fprintf(h, "v%s n=%d go=%s %s/%s\n", seedCacheVersion, n, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	add := func(path string, content []byte) {
		rel, _ := filepath.Rel(root, path)
		_, _ = fmt.Fprintf(h, "%s %d\n", filepath.ToSlash(rel), len(content))
		h.Write(content)
	}
	skip := map[string]bool{"tests": true, "e2e": true, "ui": true, "pb_public": true, "pb_data": true, "bin": true, "node_modules": true, "docs": true}
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() {
			if rel != "." && (skip[rel] || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		inMigrations := strings.HasPrefix(filepath.ToSlash(rel), "migrations/")
		goCode := strings.HasSuffix(rel, ".go") && !strings.HasSuffix(rel, "_test.go")
		if !goCode && !inMigrations && rel != "go.mod" && rel != "go.sum" {
			return nil
		}
		if inMigrations && strings.HasSuffix(rel, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		add(path, b)
		return nil
	})
	if err != nil {
		return "", err
	}
	perf := filepath.Join(root, "tests", "perf")
	b, err := os.ReadFile(filepath.Join(perf, "seed_test.go"))
	if err != nil {
		return "", err
	}
	add(filepath.Join(perf, "seed_test.go"), b)
	seedCode, err := seedSource(filepath.Join(perf, "list_test.go"))
	if err != nil {
		return "", err
	}
	add(filepath.Join(perf, "list_test.go"), seedCode)
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

// measuring names the declarations of list_test.go that only measure: a
// change to them keeps the cache. Everything else there (the constants,
// the clock, seedList, plainList, anything added later) is in the key.
var measuring = map[string]bool{"measureLists": true, "rps": true, "skipUnlessLoad": true}

// seedSource is the text of list_test.go's declarations that build data.
func seedSource(path string) ([]byte, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, src, 0)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	for _, d := range f.Decls {
		if fn, ok := d.(*ast.FuncDecl); ok {
			name := fn.Name.Name
			if measuring[name] || strings.HasPrefix(name, "Test") || strings.HasPrefix(name, "Benchmark") {
				continue
			}
		}
		out.Write(src[fset.Position(d.Pos()).Offset:fset.Position(d.End()).Offset])
		out.WriteByte('\n')
	}
	return out.Bytes(), nil
}

// moduleRoot is the nearest directory above the working directory holding
// go.mod (tests run in their package's directory).
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the working directory")
		}
		dir = parent
	}
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer func() { _ = in.Close() }()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		_ = out.Close()
		return err
	}
	return out.Close()
}
