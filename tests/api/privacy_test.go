package api_test

import (
	"net/http"
	"net/url"
	"testing"

	ta "github.com/studio/studio/internal/testapp"
)

// TestClientFieldsLimitedForPhotographersAndEditors checks REST list, view
// and expand: staff without client.view get full_name, email and
// primary_phone only; coordinators get everything.
func TestClientFieldsLimitedForPhotographersAndEditors(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	photo, coord := w.tokens[photographer], w.tokens[coordinator]

	view := ta.Do(t, http.MethodGet, w.url("clients", w.clientOwn.Id), photo, nil)
	if view.Status != http.StatusOK {
		t.Fatalf("view own client: %d %s", view.Status, view.Raw)
	}
	assertOnlyPublicClientFields(t, view.Body)
	if view.Body["full_name"] != w.clientOwn.GetString("full_name") || view.Body["primary_phone"] == "" || view.Body["email"] == "" {
		t.Errorf("photographer must see name, email and phone: %v", view.Body)
	}

	list := ta.Do(t, http.MethodGet, w.url("clients"), photo, nil)
	for _, c := range list.Items() {
		assertOnlyPublicClientFields(t, c)
	}

	expanded := ta.Do(t, http.MethodGet, w.url("sessions")+"?expand=client", photo, nil)
	if len(expanded.Items()) == 0 {
		t.Fatalf("photographer sees no session: %s", expanded.Raw)
	}
	for _, s := range expanded.Items() {
		exp, _ := s["expand"].(map[string]any)
		client, _ := exp["client"].(map[string]any)
		if client == nil {
			t.Fatalf("client not expanded: %v", s)
		}
		assertOnlyPublicClientFields(t, client)
	}

	full := ta.Do(t, http.MethodGet, w.url("clients", w.clientOwn.Id), coord, nil)
	for _, f := range []string{"secondary_phone", "delivery_address", "notes", "client_type"} {
		if _, ok := full.Body[f]; !ok {
			t.Errorf("coordinator must see %s: %v", f, full.Body)
		}
	}
}

// TestFiltersCannotProbePrivateClientFields: a filter or sort on a private
// client field answers 403 FORBIDDEN for staff without client.view, from the
// clients collection and through a relation.
func TestFiltersCannotProbePrivateClientFields(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	cases := []struct{ collection, query string }{
		{"clients", "filter=" + url.QueryEscape(`notes ~ "private"`)},
		{"clients", "sort=secondary_phone"},
		{"sessions", "filter=" + url.QueryEscape(`client.delivery_address ~ "Zona"`)},
		{"session_lines", "filter=" + url.QueryEscape(`session.client.notes != ""`)},
	}
	for _, c := range cases {
		for _, actor := range []string{photographer, editor} {
			r := ta.Do(t, http.MethodGet, w.url(c.collection)+"?"+c.query, w.tokens[actor], nil)
			if r.Status != http.StatusForbidden {
				t.Errorf("%s %s?%s: want 403, got %d %s", actor, c.collection, c.query, r.Status, r.Raw)
			}
		}
		if r := ta.Do(t, http.MethodGet, w.url(c.collection)+"?"+c.query, w.tokens[coordinator], nil); r.Status != http.StatusOK {
			t.Errorf("coordinator %s?%s: want 200, got %d %s", c.collection, c.query, r.Status, r.Raw)
		}
	}
	// A value that merely mentions a field name is not a probe.
	r := ta.Do(t, http.MethodGet, w.url("clients")+"?filter="+url.QueryEscape(`full_name ~ "notes"`), w.tokens[photographer], nil)
	if r.Status != http.StatusOK {
		t.Errorf("a quoted word is not a field reference: %d %s", r.Status, r.Raw)
	}
}
