package api_test

import (
	"net/http"
	"testing"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/seed"
	ta "github.com/studio/studio/internal/testapp"
)

// TestDemoSeed: the demo seed is idempotent, covers every session state,
// and every demo login (staff and dashboard superuser) authenticates over
// REST with the README's password.
func TestDemoSeed(t *testing.T) {
	t.Parallel()
	app := ta.New(t)
	if err := seed.Demo(app); err != nil {
		t.Fatalf("first seed: %v", err)
	}
	counts := func() map[string]int64 {
		out := map[string]int64{}
		for _, c := range []string{"users", "clients", "items", "packages", "package_items", "rooms", "sessions",
			"session_lines", "session_photographers", "session_payments", "session_status_history"} {
			out[c], _ = app.CountRecords(c)
		}
		return out
	}
	first := counts()
	if err := seed.Demo(app); err != nil {
		t.Fatalf("second seed: %v", err)
	}
	for c, n := range counts() {
		if n != first[c] {
			t.Errorf("seeding twice changed %s: %d → %d", c, first[c], n)
		}
	}

	for _, status := range domain.SessionStatuses {
		if n, _ := app.CountRecords("sessions", dbxEq("status", status)); n == 0 {
			t.Errorf("no demo session in %s", status)
		}
	}

	base := ta.Serve(t, app)
	for _, u := range seed.DemoUsers {
		r := ta.Do(t, http.MethodPost, base+"/api/collections/users/auth-with-password", "",
			map[string]any{"identity": u.Email, "password": seed.DemoPassword})
		if r.Status != http.StatusOK || r.Body["token"] == nil {
			t.Errorf("demo login %s (%s): %d %s", u.Email, u.Role, r.Status, r.Raw)
		}
	}
	r := ta.Do(t, http.MethodPost, base+"/api/collections/_superusers/auth-with-password", "",
		map[string]any{"identity": seed.DemoSuperuser, "password": seed.DemoPassword})
	if r.Status != http.StatusOK {
		t.Errorf("demo superuser login: %d %s", r.Status, r.Raw)
	}
}
