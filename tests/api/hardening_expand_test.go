package api_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/studio/studio/internal/domain"
	ta "github.com/studio/studio/internal/testapp"
)

// TestExpandBackRelationOnlyFirst: an expand may name a back-relation only
// as its first step. The attack's fan-out (a relation, then a
// back-relation, again and again) answers 400 VALIDATION_ERROR on expand
// for lists, views, creates and updates, in both spellings PocketBase
// reads; a back-relation first still expands.
func TestExpandBackRelationOnlyFirst(t *testing.T) {
	w := newWorld(t)
	coord := w.tokens[coordinator]
	refused := []struct{ name, method, url string }{
		{"the attack", http.MethodGet, w.url("sessions") + "?perPage=500&expand=" + url.QueryEscape("client.sessions_via_client.client.sessions_via_client.client.sessions_via_client")},
		{"one relation then a back-relation", http.MethodGet, w.url("sessions") + "?expand=client.sessions_via_client"},
		{"two back-relations", http.MethodGet, w.url("clients") + "?expand=sessions_via_client.session_lines_via_session"},
		{"legacy spelling", http.MethodGet, w.url("sessions") + "?expand=" + url.QueryEscape("client.sessions(client)")},
		{"spaces and a second path", http.MethodGet, w.url("sessions") + "?expand=" + url.QueryEscape("room, client . sessions_via_client")},
		{"view", http.MethodGet, w.url("sessions", w.sessOwn.Id) + "?expand=client.sessions_via_client"},
		{"update", http.MethodPatch, w.url("clients", w.clientOwn.Id) + "?expand=sessions_via_client.client.sessions_via_client"},
	}
	for _, c := range refused {
		var body any
		if c.method == http.MethodPatch {
			body = map[string]any{"notes": "expand probe"}
		}
		r := ta.Do(t, c.method, c.url, coord, body)
		if r.Status != http.StatusBadRequest || r.FieldCode("expand") != domain.CodeValidation {
			t.Errorf("%s: want 400 VALIDATION_ERROR on expand, got %d %.300s", c.name, r.Status, r.Raw)
		}
	}
	if got, _ := w.app.FindRecordById("clients", w.clientOwn.Id); got.GetString("notes") == "expand probe" {
		t.Errorf("a refused update was written")
	}

	ok := ta.Do(t, http.MethodGet, w.url("clients", w.clientOwn.Id)+"?expand=sessions_via_client.client", coord, nil)
	if ok.Status != http.StatusOK {
		t.Fatalf("back-relation first: %d %.300s", ok.Status, ok.Raw)
	}
	exp, _ := ok.Body["expand"].(map[string]any)
	if list, _ := exp["sessions_via_client"].([]any); len(list) != 1 {
		t.Errorf("want the client's one session expanded, got %v", ok.Body["expand"])
	}
}

// TestRESTFiltersReadStructurally: the REST list guard reads a filter as
// PocketBase parses it, so a comment cannot hide a private field, and
// @collection joins and back-relations are followed.
func TestRESTFiltersReadStructurally(t *testing.T) {
	w := newWorld(t)
	cases := []struct{ collection, filter, field string }{
		{"clients", "full_name != '' // '\n&& notes ~ 'VIP' && full_name != ''", "notes"},
		{"sessions", "client.sessions_via_client.client.notes ~ 'VIP'", "notes"},
		{"clients", "sessions_via_client.client.high_risk = true", "high_risk"},
		{"sessions", "client.notes:lower ~ 'vip'", "notes"},
	}
	for _, c := range cases {
		q := "?filter=" + url.QueryEscape(c.filter)
		r := ta.Do(t, http.MethodGet, w.url(c.collection)+q, w.tokens[photographer], nil)
		if r.Status != http.StatusForbidden || r.FieldCode(c.field) != domain.CodeForbidden {
			t.Errorf("photographer %s %q: want 403 FORBIDDEN on %s, got %d %s", c.collection, c.filter, c.field, r.Status, r.Raw)
		}
		if r := ta.Do(t, http.MethodGet, w.url(c.collection)+q, w.tokens[coordinator], nil); r.Status != http.StatusOK {
			t.Errorf("coordinator %s %q: want 200, got %d %s", c.collection, c.filter, r.Status, r.Raw)
		}
	}
}
