package api_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"github.com/studio/studio/internal/domain"
	ta "github.com/studio/studio/internal/testapp"
)

// options builds a subscription's options parameter from a query map,
// escaped as the JS SDK sends it.
func options(query map[string]string) string {
	raw, _ := json.Marshal(map[string]any{"query": query})
	return url.QueryEscape(string(raw))
}

// refusalCode is the code under field in a refusal body.
func refusalCode(raw, field string) string {
	var body struct {
		Data map[string]struct {
			Code string `json:"code"`
		} `json:"data"`
	}
	_ = json.Unmarshal([]byte(raw), &body)
	return body.Data[field].Code
}

// TestRealtimeGuardReadsSubscriptionsAsPocketBase subscribes a photographer
// with every spelling of a probe on private client fields (collection by
// id, record and legacy topics, relations, back-relations, @collection,
// modifiers, a comment hiding the field from a text search, sorts and
// expands) and with subscriptions the server cannot read as a whole. Probes
// answer 403 FORBIDDEN, unreadable subscriptions 400 VALIDATION_ERROR, and
// harmless subscriptions stay accepted.
func TestRealtimeGuardReadsSubscriptionsAsPocketBase(t *testing.T) {
	w := newWorld(t)
	clients, err := w.app.FindCollectionByNameOrId("clients")
	if err != nil {
		t.Fatal(err)
	}
	sessions, err := w.app.FindCollectionByNameOrId("sessions")
	if err != nil {
		t.Fatal(err)
	}
	notes := options(map[string]string{"filter": "notes ~ 'x'"})
	cases := []struct {
		name, sub   string
		status      int
		field, code string
		coordinator int
	}{
		{"clients by collection id", clients.Id + "/*?options=" + notes, 403, "notes", domain.CodeForbidden, 204},
		{"one client by collection id", clients.Id + "/" + w.clientOwn.Id + "?options=" + notes, 403, "notes", domain.CodeForbidden, 204},
		{"legacy topic by name", "clients?options=" + notes, 403, "notes", domain.CodeForbidden, 204},
		{"sessions by collection id through the relation", sessions.Id + "/*?options=" + options(map[string]string{"filter": "client.notes ~ 'x'"}), 403, "notes", domain.CodeForbidden, 204},
		{"@collection join", "sessions/*?options=" + options(map[string]string{"filter": "@collection.clients.notes ~ 'x' && @collection.clients.id = client"}), 403, "notes", domain.CodeForbidden, 204},
		{"@collection alias", "sessions/*?options=" + options(map[string]string{"filter": "@collection.clients:c.delivery_address ~ 'Zona'"}), 403, "delivery_address", domain.CodeForbidden, 204},
		{"modifier", "clients/*?options=" + options(map[string]string{"filter": "notes:lower ~ 'x'"}), 403, "notes", domain.CodeForbidden, 204},
		{"back-relation loop", "clients/*?options=" + options(map[string]string{"filter": "sessions_via_client.client.high_risk = true"}), 403, "high_risk", domain.CodeForbidden, 204},
		{"two relations away", "session_photographers/*?options=" + options(map[string]string{"filter": "session.client.secondary_phone != ''"}), 403, "secondary_phone", domain.CodeForbidden, 204},
		{"comment hides the field from a text search", "clients/*?options=" + options(map[string]string{"filter": "full_name != '' // '\n&& notes ~ 'x' && full_name != ''"}), 403, "notes", domain.CodeForbidden, 204},
		{"sort", "sessions/*?options=" + options(map[string]string{"sort": "-client.notes"}), 403, "notes", domain.CodeForbidden, 204},
		{"malformed escape before the options", "clients/*?x=%zz&options=" + notes, 400, "subscriptions", domain.CodeValidation, 400},
		{"malformed escape, relation probe", "sessions/*?x=%zz&options=" + options(map[string]string{"filter": "client.notes ~ 'x'"}), 400, "subscriptions", domain.CodeValidation, 400},
		{"options not JSON", "clients/*?options=" + url.QueryEscape(`{"query":{"filter":"notes ~ 'x'"}`), 400, "subscriptions", domain.CodeValidation, 400},
		{"options of the wrong shape", "clients/*?options=" + url.QueryEscape(`{"query":{"filter":"notes ~ 'x'"},"headers":5}`), 400, "subscriptions", domain.CodeValidation, 400},
		{"filter that does not parse", "clients/*?options=" + options(map[string]string{"filter": "notes ~ ("}), 400, "filter", domain.CodeValidation, 400},
		{"harmless filter", "clients/*?options=" + options(map[string]string{"filter": "full_name ~ 'notes'"}), 204, "", "", 204},
		{"harmless relation filter", "sessions/*?options=" + options(map[string]string{"filter": "client.full_name ~ 'a'", "expand": "client"}), 204, "", "", 204},
		{"own assignment notes are not client notes", "session_photographers/*?options=" + options(map[string]string{"filter": "notes ~ 'x'"}), 204, "", "", 204},
		{"a topic that is no collection", "notifications_feed?options=" + notes, 204, "", "", 204},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, status, raw := ta.TrySubscribe(t, w.base, w.tokens[photographer], c.sub)
			if status != c.status {
				t.Fatalf("photographer %q: want %d, got %d %s", c.sub, c.status, status, raw)
			}
			if c.code != "" {
				if got := refusalCode(raw, c.field); got != c.code {
					t.Errorf("photographer %q: want %s on %s, got %s", c.sub, c.code, c.field, raw)
				}
			}
			if _, status, raw := ta.TrySubscribe(t, w.base, w.tokens[coordinator], c.sub); status != c.coordinator {
				t.Errorf("coordinator %q: want %d, got %d %s", c.sub, c.coordinator, status, raw)
			}
		})
	}
}

// TestRealtimeExpandIsBounded: a subscription's expand obeys the bound of
// the record API (a back-relation only first), since each event runs it
// again.
func TestRealtimeExpandIsBounded(t *testing.T) {
	w := newWorld(t)
	sub := "sessions/*?options=" + options(map[string]string{"expand": "client.sessions_via_client"})
	_, status, raw := ta.TrySubscribe(t, w.base, w.tokens[coordinator], sub)
	if status != http.StatusBadRequest || refusalCode(raw, "expand") != domain.CodeValidation {
		t.Fatalf("want 400 VALIDATION_ERROR on expand, got %d %s", status, raw)
	}
}
