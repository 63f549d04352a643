package api_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/studio/studio/internal/domain"
	ta "github.com/studio/studio/internal/testapp"
)

// TestRealtimePhotographerSeesOwnSessionsOnly subscribes a photographer to
// sessions (with the client expanded) and to clients, changes their own and
// others' sessions, and checks they receive only their own, with no private
// client field in any message.
func TestRealtimePhotographerSeesOwnSessionsOnly(t *testing.T) {
	t.Parallel()
	app := ta.New(t)
	staff := ta.NewStaff(t, app)
	base := ta.Serve(t, app)

	mine := ta.Client(t, app, nil)
	theirs := ta.Client(t, app, nil)
	own := ta.Session(t, app, mine, nil)
	ta.Assign(t, app, own, staff.Photographer, nil)
	other := ta.Session(t, app, theirs, nil)
	ta.Assign(t, app, other, staff.Photographer2, nil)

	opts := url.QueryEscape(`{"query":{"expand":"client"}}`)
	sub := ta.Subscribe(t, base, ta.Token(t, staff.Photographer), "sessions/*?options="+opts, "clients/*")

	coord := ta.Token(t, staff.Coordinator)
	for _, s := range []string{own.Id, other.Id} {
		if r := ta.Do(t, http.MethodPatch, base+"/api/collections/sessions/records/"+s, coord, map[string]any{"event_description": "moved"}); r.Status != http.StatusOK {
			t.Fatalf("update session: %d %s", r.Status, r.Raw)
		}
	}
	for _, c := range []string{mine.Id, theirs.Id} {
		if r := ta.Do(t, http.MethodPatch, base+"/api/collections/clients/records/"+c, coord, map[string]any{"notes": "VIP, pays late"}); r.Status != http.StatusOK {
			t.Fatalf("update client: %d %s", r.Status, r.Raw)
		}
	}
	created := ta.Do(t, http.MethodPost, base+"/api/collections/sessions/records", coord, map[string]any{
		"client": theirs.Id, "session_type": domain.SessionTypeStudio,
		"starts_at": time.Now().UTC().Add(40 * 24 * time.Hour), "ends_at": time.Now().UTC().Add(40*24*time.Hour + time.Hour),
	})
	if created.Status != http.StatusOK {
		t.Fatalf("create session: %d %s", created.Status, created.Raw)
	}

	var events []ta.RealtimeEvent
	for {
		ev, ok := sub.Next(700 * time.Millisecond)
		if !ok {
			break
		}
		events = append(events, ev)
	}
	var sessionIDs, clientIDs []string
	for _, ev := range events {
		rec := ev.Record()
		switch {
		case strings.HasPrefix(ev.Topic, "sessions/*"):
			sessionIDs = append(sessionIDs, rec["id"].(string))
			exp, _ := rec["expand"].(map[string]any)
			client, _ := exp["client"].(map[string]any)
			if client == nil {
				t.Errorf("session event without its client expanded: %v", rec)
			}
			assertOnlyPublicClientFields(t, client)
		case strings.HasPrefix(ev.Topic, "clients/*"):
			clientIDs = append(clientIDs, rec["id"].(string))
			assertOnlyPublicClientFields(t, rec)
		}
	}
	if !slices.Equal(sessionIDs, []string{own.Id}) {
		t.Errorf("photographer got session events %v, want only %s", sessionIDs, own.Id)
	}
	if !slices.Equal(clientIDs, []string{mine.Id}) {
		t.Errorf("photographer got client events %v, want only %s", clientIDs, mine.Id)
	}
}

// TestRealtimeRefusesProbingPrivateFields: a subscription filter naming a
// private client field is refused like a REST filter.
func TestRealtimeRefusesProbingPrivateFields(t *testing.T) {
	t.Parallel()
	app := ta.New(t)
	staff := ta.NewStaff(t, app)
	base := ta.Serve(t, app)
	opts := url.QueryEscape(`{"query":{"filter":"client.notes ~ 'VIP'"}}`)
	_, status, _ := ta.TrySubscribe(t, base, ta.Token(t, staff.Photographer), "sessions/*?options="+opts)
	if status != http.StatusForbidden {
		t.Fatalf("want 403 for a filter on client.notes, got %d", status)
	}
}

// assertOnlyPublicClientFields fails if a client record carries any field
// beyond what photographers and editors may see.
func assertOnlyPublicClientFields(t *testing.T, client map[string]any) {
	t.Helper()
	allowed := []string{"id", "collectionId", "collectionName", "full_name", "email", "primary_phone", "expand"}
	for k := range client {
		if !slices.Contains(allowed, k) {
			t.Errorf("private client field %q reached a photographer: %v", k, client)
		}
	}
}

// TestRealtimeEventsSurviveHookTransactions: records whose hooks write more
// rows in one transaction (new sessions and their codes, assignments,
// payments, lines, users after a role edit) still reach realtime
// subscribers once the transaction commits.
func TestRealtimeEventsSurviveHookTransactions(t *testing.T) {
	t.Parallel()
	app := ta.New(t)
	staff := ta.NewStaff(t, app)
	base := ta.Serve(t, app)
	client := ta.Client(t, app, nil)
	session := ta.Session(t, app, client, map[string]any{"status": domain.StatusNegotiation})

	sub := ta.Subscribe(t, base, ta.Token(t, staff.Coordinator),
		"sessions/*", "session_photographers/*", "session_payments/*", "session_lines/*", "users/*")
	coord := ta.Token(t, staff.Coordinator)
	start := session.GetDateTime("starts_at")
	steps := []struct {
		topic, method, path string
		body                map[string]any
	}{
		{"sessions/*", http.MethodPost, "/api/collections/sessions/records", map[string]any{
			"client": client.Id, "session_type": domain.SessionTypeStudio,
			"starts_at": time.Now().UTC().Add(60 * 24 * time.Hour), "ends_at": time.Now().UTC().Add(60*24*time.Hour + time.Hour)}},
		{"session_photographers/*", http.MethodPost, "/api/collections/session_photographers/records", map[string]any{
			"session": session.Id, "photographer": staff.Photographer.Id, "coverage_start": start, "coverage_end": start.Time().Add(2 * time.Hour)}},
		{"session_lines/*", http.MethodPost, "/api/collections/session_lines/records", map[string]any{
			"session": session.Id, "line_type": "Item", "item_code": "X", "item_name": "X", "quantity": 1, "unit_price": 5, "line_subtotal": 5}},
		{"session_payments/*", http.MethodPost, "/api/collections/session_payments/records", map[string]any{
			"session": session.Id, "payment_type": "Deposit", "amount": 1, "document_number": "RT-1", "method": "Cash",
			"payment_date": time.Now().UTC(), "payment_status": "Pending"}},
	}
	for _, s := range steps {
		r := ta.Do(t, s.method, base+s.path, coord, s.body)
		if r.Status != http.StatusOK {
			t.Fatalf("%s %s: %d %s", s.method, s.path, r.Status, r.Raw)
		}
		if !waitFor(sub, s.topic, r.Body["id"].(string)) {
			t.Errorf("no realtime event on %s for %s", s.topic, r.Body["id"])
		}
	}

	role, _ := app.FindFirstRecordByData("roles", "name", ta.RolePhotographer)
	perms := append(role.GetStringSlice("permissions"), "report.session")
	if r := ta.Do(t, http.MethodPatch, base+"/api/collections/roles/records/"+role.Id, ta.Token(t, staff.Admin), map[string]any{"permissions": perms}); r.Status != http.StatusOK {
		t.Fatalf("role edit: %d %s", r.Status, r.Raw)
	}
	if !waitFor(sub, "users/*", staff.Photographer.Id) {
		t.Errorf("no realtime event for a user whose permissions a role edit changed")
	}
}

// waitFor reads events until one on topic about id arrives (true) or a
// second passes without it (false).
func waitFor(sub *ta.Realtime, topic, id string) bool {
	for {
		ev, ok := sub.Next(time.Second)
		if !ok {
			return false
		}
		if strings.HasPrefix(ev.Topic, topic) && ev.Record()["id"] == id {
			return true
		}
	}
}
