package api_test

import (
	"net/http"
	"testing"

	ta "github.com/studio/studio/internal/testapp"
)

// TestRateLimitsOnByDefault serves an app with the migrated settings (rate
// limits on, as in production) and passes each limit: 20 logins a minute
// per collection and client, then 429 even for the right password; 30
// calendar feed requests a minute; 300 API requests every 10 seconds. A
// superuser then tunes the login limit through the settings API (what the
// dashboard sends) and the new limit applies at once.
func TestRateLimitsOnByDefault(t *testing.T) {
	app := ta.NewRateLimited(t)
	staff := ta.NewStaff(t, app)
	base := ta.Serve(t, app)

	login := func(password string) int {
		return ta.Do(t, http.MethodPost, base+"/api/collections/users/auth-with-password", "",
			map[string]any{"identity": staff.Coordinator.GetString("email"), "password": password}).Status
	}
	for i := 1; i <= 20; i++ {
		if s := login("wrong-password"); s != http.StatusBadRequest {
			t.Fatalf("wrong password %d: want 400, got %d", i, s)
		}
	}
	if s := login("wrong-password"); s != http.StatusTooManyRequests {
		t.Errorf("21st login in a minute: want 429, got %d", s)
	}
	if s := login(ta.Password); s != http.StatusTooManyRequests {
		t.Errorf("the right password past the limit: want 429, got %d", s)
	}

	for i := 1; i <= 30; i++ {
		if r := ta.Do(t, http.MethodGet, base+"/api/studio/calendar/not-a-token.ics", "", nil); r.Status != http.StatusNotFound {
			t.Fatalf("feed request %d: want 404, got %d", i, r.Status)
		}
	}
	if r := ta.Do(t, http.MethodGet, base+"/api/studio/calendar/not-a-token.ics", "", nil); r.Status != http.StatusTooManyRequests {
		t.Errorf("31st feed request in a minute: want 429, got %d", r.Status)
	}

	tok := ta.Token(t, staff.Coordinator)
	for i := 1; i <= 300; i++ {
		if r := ta.Do(t, http.MethodGet, base+"/api/collections/rooms/records?perPage=1", tok, nil); r.Status != http.StatusOK {
			t.Fatalf("API request %d: want 200, got %d %s", i, r.Status, r.Raw)
		}
	}
	if r := ta.Do(t, http.MethodGet, base+"/api/collections/rooms/records?perPage=1", tok, nil); r.Status != http.StatusTooManyRequests {
		t.Errorf("301st API request in 10 s: want 429, got %d", r.Status)
	}

	root := ta.Token(t, staff.Superuser)
	settings := ta.Do(t, http.MethodGet, base+"/api/settings", root, nil)
	limits, _ := settings.Body["rateLimits"].(map[string]any)
	rules, _ := limits["rules"].([]any)
	if enabled, _ := limits["enabled"].(bool); !enabled || len(rules) == 0 {
		t.Fatalf("the migrated settings should enable rate limits: %v", limits)
	}
	for _, r := range rules {
		rule := r.(map[string]any)
		if rule["label"] == "*:auth" {
			rule["maxRequests"] = 2
		}
	}
	if r := ta.Do(t, http.MethodPatch, base+"/api/settings", root, map[string]any{"rateLimits": limits}); r.Status != http.StatusOK {
		t.Fatalf("tune the limits: %d %s", r.Status, r.Raw)
	}
	if s := login(ta.Password); s != http.StatusOK {
		t.Errorf("a settings change starts the counts again: want 200, got %d", s)
	}
	login("wrong-password")
	if s := login(ta.Password); s != http.StatusTooManyRequests {
		t.Errorf("third login with the limit tuned to 2: want 429, got %d", s)
	}
}
