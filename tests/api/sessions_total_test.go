package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/pocketbase/dbx"

	"github.com/studio/studio/internal/domain"
	ta "github.com/studio/studio/internal/testapp"
)

// TestSessionsTotalMatchesTheRows: a staff member's sessions list counts its
// total from indexes (docs/performance.md), while PocketBase still selects
// the rows under the list rule. For every kind of caller and several
// filters, the totalItems and totalPages of a paged list must be those of
// the rows PocketBase returns when asked for all of them: the photographer,
// the editor with the Attended queue, a caller in both branches, a caller
// who reads only its own sessions without the queue, one who reads no
// session, a deactivated photographer and a coordinator.
func TestSessionsTotalMatchesTheRows(t *testing.T) {
	w := newWorld(t)
	app := w.app
	ta.Create(t, app, "roles", map[string]any{"name": "Own only", "permissions": []string{"session.view.own"}})
	ta.Create(t, app, "roles", map[string]any{"name": "Clients only", "permissions": []string{"client.view"}})
	both := ta.User(t, app, "both", ta.RolePhotographer, ta.RoleEditor)
	ownOnly := ta.User(t, app, "own", ta.RoleEditor)
	noSessions := ta.User(t, app, "clients", "Clients only")
	gone := ta.User(t, app, "gone", ta.RolePhotographer)

	client := ta.Client(t, app, map[string]any{"full_name": "Zed Totals"})
	for i := range 5 {
		s := ta.Session(t, app, client, map[string]any{"status": domain.StatusAssigned})
		ta.Assign(t, app, s, w.staff.Photographer, nil)
		if i%2 == 0 {
			ta.Assign(t, app, s, both, nil)
		}
		if i == 1 {
			ta.Assign(t, app, s, gone, nil)
		}
	}
	// both edits one session it also photographs and one it does not, and
	// an Attended session it photographs is in its queue too.
	edited := ta.Session(t, app, client, map[string]any{"status": domain.StatusInEditing, "assigned_editor": both.Id})
	ta.Assign(t, app, edited, both, nil)
	ta.Session(t, app, w.clientOther, map[string]any{"status": domain.StatusInEditing, "assigned_editor": both.Id})
	attended := ta.Session(t, app, client, map[string]any{"status": domain.StatusAttended})
	ta.Assign(t, app, attended, both, nil)
	// An Attended session that names the editor as its editor is in two of
	// the editor's branches (written directly: the state machine names the editor later,
	// but the rule reads whatever the row holds).
	queued := ta.Session(t, app, client, map[string]any{"status": domain.StatusAttended})
	if _, err := app.DB().Update("sessions", dbx.Params{"assigned_editor": w.staff.Editor.Id}, dbx.HashExp{"id": queued.Id}).Execute(); err != nil {
		t.Fatal(err)
	}
	ta.Session(t, app, client, map[string]any{"status": domain.StatusReadyForDelivery, "assigned_editor": ownOnly.Id})
	// A photographer Reassigned off a session and assigned to it again
	// counts it once.
	again := ta.Session(t, app, client, map[string]any{"status": domain.StatusAssigned})
	ta.Assign(t, app, again, w.staff.Photographer2, map[string]any{"assignment_status": domain.AssignmentReassigned})
	ta.Assign(t, app, again, w.staff.Photographer2, nil)
	// ownOnly edits a session, then loses the editors' queue: its role
	// becomes session.view.own alone.
	ownRole, err := app.FindFirstRecordByData("roles", "name", "Own only")
	if err != nil {
		t.Fatal(err)
	}
	ownOnly.Set("roles", []string{ownRole.Id})
	if err := app.Save(ownOnly); err != nil {
		t.Fatal(err)
	}
	gone.Set("status", domain.Inactive)
	if err := app.Save(gone); err != nil {
		t.Fatal(err)
	}

	callers := map[string]string{
		"photographer": ta.Token(t, w.staff.Photographer), "photographer2": ta.Token(t, w.staff.Photographer2),
		"editor": ta.Token(t, w.staff.Editor), "both": ta.Token(t, both), "own only": ta.Token(t, ownOnly),
		"no sessions": ta.Token(t, noSessions), "deactivated": ta.Token(t, gone), "coordinator": ta.Token(t, w.staff.Coordinator),
	}
	filters := []string{
		"",
		"status = 'Attended'",
		"status = 'Assigned' || status = 'In Editing'",
		"client.full_name = 'Zed Totals'", // a join: PocketBase de-duplicates
		"assigned_photographers ~ '" + both.Id + "'",
		"assigned_editor != ''",
		"assigned_photographers.id ?= '" + both.Id + "'",                    // one joined row per photographer
		"session_photographers_via_session.assignment_status ?= 'Assigned'", // coordinators only

		"id = 'none'",
	}
	seen := map[string]int{}
	for who, tok := range callers {
		for _, f := range filters {
			q := "?perPage=500&skipTotal=1"
			if f != "" {
				q += "&filter=" + url.QueryEscape(f)
			}
			all := ta.Do(t, http.MethodGet, w.url("sessions")+q, tok, nil)
			paged := ta.Do(t, http.MethodGet, w.url("sessions")+"?perPage=2"+q[len("?perPage=500&skipTotal=1"):], tok, nil)
			if all.Status == http.StatusForbidden && paged.Status == http.StatusForbidden {
				continue // a filter out of the caller's scope is refused either way
			}
			if all.Status != http.StatusOK {
				t.Fatalf("%s %q: all rows: %d %.300s", who, f, all.Status, all.Raw)
			}
			want := len(all.Items())
			seen[who] += want
			got, pages := paged.Body["totalItems"], paged.Body["totalPages"]
			wantPages := (want + 1) / 2
			if fmt.Sprint(got) != fmt.Sprint(want) || fmt.Sprint(pages) != fmt.Sprint(wantPages) {
				t.Errorf("%s %q: totalItems %v, totalPages %v; PocketBase returns %d rows (%d pages of 2)", who, f, got, pages, want, wantPages)
			}
		}
	}
	// The world must tell the callers apart, or the comparison proves little.
	if seen["both"] == 0 || seen["photographer"] == 0 || seen["editor"] == 0 || seen["own only"] == 0 || seen["photographer2"] == 0 {
		t.Fatalf("some caller saw no session at all: %v", seen)
	}
	if seen["no sessions"] != 0 || seen["deactivated"] != 0 {
		t.Fatalf("callers without the right saw sessions: %v", seen)
	}

	// skipTotal as PocketBase reads it: 1/true skip, 0/false count, and a
	// value that is not a boolean is refused.
	photo := callers["photographer"]
	for q, want := range map[string]string{"&skipTotal=1": "-1", "&skipTotal=true": "-1", "&skipTotal=0": "5", "&skipTotal=false": "5"} {
		r := ta.Do(t, http.MethodGet, w.url("sessions")+"?filter="+url.QueryEscape("client.full_name = 'Zed Totals'")+q, photo, nil)
		if fmt.Sprint(r.Body["totalItems"]) != want {
			t.Errorf("photographer %s: totalItems %v, want %s", q, r.Body["totalItems"], want)
		}
	}
	if r := ta.Do(t, http.MethodGet, w.url("sessions")+"?skipTotal=maybe", photo, nil); r.Status != http.StatusBadRequest {
		t.Errorf("skipTotal=maybe: want 400, got %d %.200s", r.Status, r.Raw)
	}
}
