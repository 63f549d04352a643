// Package testapp builds test applications with the production wiring and
// the real schema, plus factories for every collection and a token per role.
package testapp

import (
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/studio/studio/hooks"
	"github.com/studio/studio/internal/settings"
	_ "github.com/studio/studio/migrations"
)

// template is a data dir with every migration applied, built once per test
// binary and cloned for each test app (applying the migrations each time
// would cost most of a test's time).
var template struct {
	once       sync.Once
	dir        string
	err        error
	superToken string
}

func templateDir() (string, error) {
	template.once.Do(func() {
		base, err := os.MkdirTemp("", "studio-template-*")
		if err != nil {
			template.err = err
			return
		}
		app, err := tests.NewTestApp(base)
		if err != nil {
			template.err = err
			return
		}
		// Hashing every factory password at bcrypt's default cost would
		// dominate the suite's time; test apps hash at the minimum cost.
		for _, name := range []string{"users", core.CollectionNameSuperusers} {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				template.err = err
				return
			}
			if pf, ok := c.Fields.GetByName("password").(*core.PasswordField); ok {
				pf.Cost = bcrypt.MinCost
			}
			if err := app.Save(c); err != nil {
				template.err = err
				return
			}
		}
		root := Create(panicT{}, app, core.CollectionNameSuperusers, map[string]any{"email": "template-root@test.local"})
		if template.superToken, err = root.NewAuthToken(); err != nil {
			template.err = err
			return
		}
		template.dir = filepath.Join(base, "migrated")
		if err := os.Rename(app.DataDir(), template.dir); err != nil {
			// different devices: fall back to using the app's own dir
			template.dir = app.DataDir()
		}
		if err := app.ClearBootstrap(); err != nil {
			template.err = err
		}
	})
	return template.dir, template.err
}

// New returns a test app with the studio's schema and hooks.Register wiring,
// removed when the test ends. Its clock starts at the real time; use
// SetNow to move it. PocketBase's rate limiter, on in the migrated settings,
// is off in this app: tests send from one address far faster than people
// do, and count by the wall clock. NewRateLimited keeps it on.
func New(t testing.TB) *tests.TestApp {
	t.Helper()
	app := NewRateLimited(t)
	app.Settings().RateLimits.Enabled = false
	return app
}

// NewRateLimited is New with the migrated settings untouched, rate limits
// included, as a production server runs.
func NewRateLimited(t testing.TB) *tests.TestApp {
	t.Helper()
	dir, err := templateDir()
	if err != nil {
		t.Fatalf("build template data dir: %v", err)
	}
	app, err := tests.NewTestApp(dir)
	if err != nil {
		t.Fatalf("new test app: %v", err)
	}
	hooks.Register(app)
	t.Cleanup(app.Cleanup)
	return app
}

// SuperuserToken is the token of a superuser present in every test app
// (it lives in the template), for tests.ApiScenario headers.
func SuperuserToken(t testing.TB) string {
	t.Helper()
	if _, err := templateDir(); err != nil {
		t.Fatalf("build template data dir: %v", err)
	}
	return template.superToken
}

// panicT stands in for a testing.TB while the template is built outside
// any test; a factory failure there panics.
type panicT struct{ testing.TB }

func (panicT) Helper()                           {}
func (panicT) Fatalf(format string, args ...any) { panic(fmt.Sprintf(format, args...)) }

// Factory is what tests.ApiScenario wants: a fresh app per scenario.
func Factory(t testing.TB) *tests.TestApp { return New(t) }

// SetNow freezes the app's clock at now.
func SetNow(app core.App, now time.Time) {
	settings.SetClock(app, func() time.Time { return now })
}

// Serve starts the app's full router (with every OnServe hook, as in
// production) on a real loopback HTTP server and returns its base URL.
func Serve(t testing.TB, app core.App) string {
	t.Helper()
	r, err := apis.NewRouter(app)
	if err != nil {
		t.Fatalf("router: %v", err)
	}
	var srv *httptest.Server
	se := &core.ServeEvent{App: app, Router: r}
	err = app.OnServe().Trigger(se, func(e *core.ServeEvent) error {
		mux, err := e.Router.BuildMux()
		if err != nil {
			return err
		}
		srv = httptest.NewServer(mux)
		return nil
	})
	if err != nil {
		t.Fatalf("serve: %v", err)
	}
	t.Cleanup(srv.Close)
	return srv.URL
}
