package api_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/seed"
	"github.com/studio/studio/internal/settings"
	ta "github.com/studio/studio/internal/testapp"
)

// TestDemoShowsADaysWork: right after seeding, each role finds its daily
// job in the demo and can do it over the API: the photographer marks
// today's session attended, the editor has a queue and a session in
// editing, a session waits for delivery, and the coordinator assigns the
// confirmed session whose changes deadline has passed.
func TestDemoShowsADaysWork(t *testing.T) {
	app := ta.New(t)
	now := time.Date(2026, 11, 27, 15, 20, 0, 0, time.UTC)
	ta.SetNow(app, now)
	if err := seed.Demo(app); err != nil {
		t.Fatalf("seed: %v", err)
	}
	if got := settings.Now(app); !got.Equal(now) {
		t.Fatalf("the seed must put the app's clock back: now %v, want %v", got, now)
	}
	base := ta.Serve(t, app)
	token := func(email string) string {
		u, err := app.FindAuthRecordByEmail("users", email)
		if err != nil {
			t.Fatalf("demo user %s: %v", email, err)
		}
		return ta.Token(t, u)
	}
	list := func(tok, filter string) []map[string]any {
		r := ta.Do(t, http.MethodGet, base+"/api/collections/sessions/records?perPage=100&filter="+url.QueryEscape(filter), tok, nil)
		if r.Status != http.StatusOK {
			t.Fatalf("list %q: %d %s", filter, r.Status, r.Raw)
		}
		return r.Items()
	}
	transition := func(tok, id, to string) {
		r := ta.Do(t, http.MethodPost, base+"/api/studio/sessions/"+id+"/transitions", tok, map[string]any{"to": to})
		if r.Status != http.StatusOK || r.Body["status"] != to {
			t.Fatalf("%s → %s: %d %s", id, to, r.Status, r.Raw)
		}
	}

	// The photographer's session under way: started, not ended, Assigned.
	photographer := token("photographer@studio.local")
	at := now.Format("2006-01-02 15:04:05.000Z")
	underway := list(photographer, "status = 'Assigned' && starts_at <= '"+at+"' && ends_at > '"+at+"'")
	if len(underway) != 1 {
		t.Fatalf("the photographer sees %d sessions under way, want 1", len(underway))
	}
	transition(photographer, underway[0]["id"].(string), domain.StatusAttended)

	// The editor: the queue holds Attended sessions, one is in editing.
	editor := token("editor@studio.local")
	if q := ta.Do(t, http.MethodGet, base+"/api/studio/editing-queue", editor, nil); q.Status != http.StatusOK {
		t.Fatalf("editing queue: %d %s", q.Status, q.Raw)
	} else if s, _ := q.Body["sessions"].([]any); len(s) < 2 {
		t.Fatalf("the editing queue holds %d sessions, want the demo's Attended one and today's", len(s))
	}
	if n := len(list(editor, "status = 'In Editing'")); n != 1 {
		t.Fatalf("the editor has %d sessions in editing, want 1", n)
	}

	// The coordinator: one waits for delivery, one confirmed is due.
	coordinator := token("coordinator@studio.local")
	if n := len(list(coordinator, "status = 'Ready for Delivery'")); n != 1 {
		t.Fatalf("%d sessions ready for delivery, want 1", n)
	}
	due := list(coordinator, "status = 'Confirmed' && changes_deadline < '"+at+"'")
	if len(due) != 1 {
		t.Fatalf("%d confirmed sessions past their changes deadline, want 1", len(due))
	}
	transition(coordinator, due[0]["id"].(string), domain.StatusAssigned)
}
