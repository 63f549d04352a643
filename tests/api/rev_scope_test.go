package api_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/studio/studio/internal/domain"
	ta "github.com/studio/studio/internal/testapp"
)

// TestFiltersCannotReachRecordsOutOfScope: PocketBase resolves a filter's
// joins without the joined collection's read rule, so a photographer's
// filter on its own sessions could ask yes/no questions about another
// photographer's session, another client, a payment, a notification or a
// user through a back-relation, an @collection join or a relation to a
// collection it reads only in part. Each such filter or sort, over REST
// and realtime, answers 403 FORBIDDEN; walking from a visible record to
// the record that owns it (an assignment's session, a session's client)
// still works, and a coordinator, who reads every session, may join.
func TestFiltersCannotReachRecordsOutOfScope(t *testing.T) {
	w := newWorld(t)
	shared := ta.Client(t, w.app, nil)
	mine := ta.Session(t, w.app, shared, map[string]any{"status": domain.StatusAssigned})
	ta.Assign(t, w.app, mine, w.staff.Photographer, nil)
	theirs := ta.Session(t, w.app, shared, map[string]any{"status": domain.StatusAssigned, "event_description": "secret-other"})
	ta.Assign(t, w.app, theirs, w.staff.Photographer2, nil)
	photo := w.tokens[photographer]

	probes := []struct{ name, collection, param, expr string }{
		{"back-relation to the client's other sessions", "sessions", "filter", "client.sessions_via_client.event_description ?~ 'secret-other'"},
		{"@collection join on sessions", "sessions", "filter", "@collection.sessions.event_description ?~ 'secret-other'"},
		{"@collection join by collection id spelled in capitals", "sessions", "filter", "@collection.SESSIONS.event_description ?~ 'secret-other'"},
		{"@collection alias", "session_photographers", "filter", "@collection.sessions:s.event_description ?~ 'secret-other'"},
		{"payments of any session", "sessions", "filter", "@collection.session_payments.amount > 0"},
		{"other clients' names", "sessions", "filter", "@collection.clients.full_name ~ 'Client'"},
		{"other users' notifications", "sessions", "filter", "@collection.notifications.title != ''"},
		{"another user through a relation", "session_photographers", "filter", "photographer.name ~ 'photographer'"},
		{"the outbox", "sessions", "filter", "@collection.outbox.recipient ~ '@'"},
		{"the audit log", "sessions", "filter", "@collection.audit_log.action != ''"},
		{"back-relation in a sort", "sessions", "sort", "client.sessions_via_client.event_description"},
		{"history of sibling sessions", "session_photographers", "filter", "session.client.sessions_via_client.status ?= 'Assigned'"},
	}
	for _, p := range probes {
		r := ta.Do(t, http.MethodGet, w.url(p.collection)+"?"+p.param+"="+url.QueryEscape(p.expr), photo, nil)
		if r.Status != http.StatusForbidden || !strings.Contains(r.Raw, domain.CodeForbidden) {
			t.Errorf("REST %s: want 403 FORBIDDEN, got %d %.300s", p.name, r.Status, r.Raw)
		}
		sub := p.collection + "/*?options=" + options(map[string]string{p.param: p.expr})
		if _, status, raw := ta.TrySubscribe(t, w.base, photo, sub); status != http.StatusForbidden {
			t.Errorf("realtime %s: want 403, got %d %.300s", p.name, status, raw)
		}
	}

	allowed := []struct{ name, collection, expr string }{
		{"an assignment's session", "session_photographers", "session.status = 'Assigned'"},
		{"a session's client", "sessions", "client.full_name != ''"},
		{"own fields", "sessions", "status = 'Assigned'"},
		// The web app's own lists compare relation ids on the session:
		// nothing of the user records behind them is read.
		{"my sessions by the assigned photographers' ids", "sessions", "assigned_photographers ~ '" + w.staff.Photographer.Id + "'"},
		{"sessions by the assigned editor's id", "sessions", "assigned_editor = '" + w.staff.Photographer.Id + "'"},
		{"an assignment by its photographer's id", "session_photographers", "photographer.id = '" + w.staff.Photographer.Id + "'"},
	}
	for _, a := range allowed {
		r := ta.Do(t, http.MethodGet, w.url(a.collection)+"?filter="+url.QueryEscape(a.expr), photo, nil)
		if r.Status != http.StatusOK {
			t.Errorf("photographer %s: want 200, got %d %.300s", a.name, r.Status, r.Raw)
		}
		sub := a.collection + "/*?options=" + options(map[string]string{"filter": a.expr})
		if rt, status, raw := ta.TrySubscribe(t, w.base, photo, sub); status != http.StatusNoContent {
			t.Errorf("realtime photographer %s: want 204, got %d %.300s", a.name, status, raw)
		} else if rt != nil {
			rt.Close()
		}
	}
	if r := ta.Do(t, http.MethodGet, w.url("sessions")+"?filter="+url.QueryEscape("assigned_photographers ~ '"+w.staff.Photographer.Id+"'"), photo, nil); !slices.Contains(r.IDs(), mine.Id) || slices.Contains(r.IDs(), theirs.Id) {
		t.Errorf("my sessions by id: want %s and never %s, got %.300s", mine.Id, theirs.Id, r.Raw)
	}
	r := ta.Do(t, http.MethodGet, w.url("sessions")+"?filter="+url.QueryEscape("client.sessions_via_client.event_description ?~ 'secret-other'"), w.tokens[coordinator], nil)
	if r.Status != http.StatusOK || len(r.Items()) != 2 {
		t.Errorf("coordinator back-relation filter: want 200 with the 2 sessions of the client, got %d %.300s", r.Status, r.Raw)
	}
}
