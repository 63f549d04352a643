// Package mirror_test checks the PostgreSQL mirror against the real
// PostgreSQL (STUDIO_TEST_PG_URL, default the local server): each test
// creates a database of its own and drops it afterwards. Outside CI a
// machine without PostgreSQL skips these tests, saying so; with CI set
// they fail instead.
package mirror_test

import (
	"context"
	"fmt"
	"math/rand"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/studio/studio/internal/mirror"
	ta "github.com/studio/studio/internal/testapp"
)

// adminURL is a database of the server the tests create theirs on.
func adminURL() string {
	if u := os.Getenv("STUDIO_TEST_PG_URL"); u != "" {
		return u
	}
	return "postgres://postgres@127.0.0.1:5432/postgres"
}

// newDatabase creates an empty database for the test and returns its URL;
// it is dropped (its connections closed) when the test ends.
func newDatabase(t testing.TB) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	admin, err := pgx.Connect(ctx, adminURL())
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("PostgreSQL is required in CI and unreachable at %s: %v", adminURL(), err)
		}
		t.Skipf("SKIPPED: PostgreSQL is unreachable at %s (%v); set STUDIO_TEST_PG_URL or start it (CI never skips)", adminURL(), err)
	}
	defer admin.Close(context.Background())
	name := fmt.Sprintf("studio_test_%d_%d", time.Now().UnixNano(), rand.Intn(1000))
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		c, err := pgx.Connect(ctx, adminURL())
		if err != nil {
			t.Errorf("drop database %s: %v", name, err)
			return
		}
		defer c.Close(ctx)
		if _, err := c.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	u, err := url.Parse(adminURL())
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// env is a test app with the mirror enabled, its mirror and a direct
// connection to the mirror database for checks.
type env struct {
	app    *tests.TestApp
	url    string
	m      *mirror.Mirror
	pg     *pgx.Conn
	schema string
}

// newEnv builds the app with STUDIO_MIRROR_URL set (so its change log is
// on) and opens the mirror with batchSize rows per transaction.
func newEnv(t testing.TB, batchSize int) *env {
	t.Helper()
	u := newDatabase(t)
	t.Setenv(mirror.EnvURL, u)
	app := ta.New(t)
	cfg, err := mirror.ConfigFromEnv(os.Getenv)
	if err != nil {
		t.Fatal(err)
	}
	cfg.BatchSize = batchSize
	m, err := mirror.Open(app, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Close)
	pg, err := pgx.Connect(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pg.Close(context.Background()) })
	return &env{app: app, url: u, m: m, pg: pg, schema: cfg.Schema}
}

// sync applies the change log and fails the test on error.
func (e *env) sync(t testing.TB) mirror.SyncResult {
	t.Helper()
	res, err := e.m.Sync(context.Background(), nil)
	if err != nil {
		t.Fatalf("sync: %v", err)
	}
	return res
}

// pending is the number of change log entries not applied, read directly.
func (e *env) pending(t testing.TB) int {
	t.Helper()
	var n int
	if err := e.app.DB().NewQuery(`SELECT COUNT(*) FROM mirror_changes WHERE applied = ''`).Row(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
