package api_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/studio/studio/internal/domain"
	ta "github.com/studio/studio/internal/testapp"
)

// TestExpandBoundOnEveryRoute: the expand bound (a back-relation only as
// the first step) holds on every route that expands records from the
// query, not only the record CRUD routes: the auth routes (refresh and
// password login, which answer the user with its expands) and the studio
// routes that answer a session. Each answers 400 VALIDATION_ERROR on
// expand and changes nothing; a one-step expand still answers.
func TestExpandBoundOnEveryRoute(t *testing.T) {
	w := newWorld(t)
	coord := w.tokens[coordinator]
	chain := "?expand=" + url.QueryEscape("sessions_via_created_by.client.sessions_via_client.client.sessions_via_client")
	sessionChain := "?expand=" + url.QueryEscape("client.sessions_via_client.client.sessions_via_client")
	refused := []struct {
		name, url, token string
		body             any
	}{
		{"auth refresh", w.base + "/api/collections/users/auth-refresh" + chain, coord, nil},
		{"auth refresh, legacy spelling", w.base + "/api/collections/users/auth-refresh?expand=" + url.QueryEscape("roles.users(roles)"), coord, nil},
		{"password login", w.base + "/api/collections/users/auth-with-password" + chain, "",
			map[string]any{"identity": w.staff.Coordinator.GetString("email"), "password": ta.Password}},
		{"session transition", w.base + "/api/studio/sessions/" + w.sessConfirmed.Id + "/transitions" + sessionChain, coord,
			map[string]any{"to": domain.StatusCanceled, "reason": "Client moved away", "initiator": domain.InitiatorClient}},
		{"session lines", w.base + "/api/studio/sessions/" + w.sessConfirmed.Id + "/lines" + sessionChain, coord,
			map[string]any{"item": w.item.Id, "quantity": "1"}},
	}
	lines, err := w.app.CountRecords("session_lines", dbxEq("session", w.sessConfirmed.Id))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range refused {
		r := ta.Do(t, http.MethodPost, c.url, c.token, c.body)
		if r.Status != http.StatusBadRequest || r.FieldCode("expand") != domain.CodeValidation {
			t.Errorf("%s: want 400 VALIDATION_ERROR on expand, got %d %.300s", c.name, r.Status, r.Raw)
		}
	}
	s, err := w.app.FindRecordById("sessions", w.sessConfirmed.Id)
	if err != nil {
		t.Fatal(err)
	}
	if s.GetString("status") != domain.StatusConfirmed {
		t.Errorf("a refused transition was made: status %q", s.GetString("status"))
	}
	if n, _ := w.app.CountRecords("session_lines", dbxEq("session", w.sessConfirmed.Id)); n != lines {
		t.Errorf("a refused line was added: %d lines, had %d", n, lines)
	}

	ok := ta.Do(t, http.MethodPost, w.base+"/api/collections/users/auth-refresh?expand=roles", coord, nil)
	if ok.Status != http.StatusOK {
		t.Fatalf("one-step expand on auth refresh: %d %.300s", ok.Status, ok.Raw)
	}
	record, _ := ok.Body["record"].(map[string]any)
	exp, _ := record["expand"].(map[string]any)
	if roles, _ := exp["roles"].([]any); len(roles) != 1 {
		t.Errorf("want the coordinator's one role expanded, got %v", record["expand"])
	}
}
