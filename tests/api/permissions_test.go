package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	ta "github.com/studio/studio/internal/testapp"
)

// staffAll is every authenticated actor.
var staffAll = []string{admin, coordinator, photographer, editor, superuser}

// readCase says which actors see one record through list and view.
type readCase struct {
	name, collection string
	target           func(w *world) *core.Record
	allowed          []string
}

func readCases() []readCase {
	rec := func(f func(w *world) *core.Record) func(w *world) *core.Record { return f }
	return []readCase{
		{"self", "users", rec(func(w *world) *core.Record { return w.staff.Photographer }), []string{admin, coordinator, photographer, superuser}},
		{"another user", "users", rec(func(w *world) *core.Record { return w.staff.Photographer2 }), []string{admin, coordinator, superuser}},
		{"role", "roles", rec(func(w *world) *core.Record { return w.roleEditor }), staffAll},
		{"client of own session", "clients", rec(func(w *world) *core.Record { return w.clientOwn }), []string{admin, coordinator, photographer, superuser}},
		{"client of attended session", "clients", rec(func(w *world) *core.Record { return w.clientAttended }), []string{admin, coordinator, editor, superuser}},
		{"client of editor's session", "clients", rec(func(w *world) *core.Record { return w.clientEditing }), []string{admin, coordinator, editor, superuser}},
		{"other client", "clients", rec(func(w *world) *core.Record { return w.clientOther }), []string{admin, coordinator, superuser}},
		{"item", "items", rec(func(w *world) *core.Record { return w.item }), staffAll},
		{"package", "packages", rec(func(w *world) *core.Record { return w.pkg }), staffAll},
		{"package item", "package_items", rec(func(w *world) *core.Record { return w.pkgItem }), staffAll},
		{"room", "rooms", rec(func(w *world) *core.Record { return w.room }), staffAll},
		{"own session", "sessions", rec(func(w *world) *core.Record { return w.sessOwn }), []string{admin, coordinator, photographer, superuser}},
		{"other's session", "sessions", rec(func(w *world) *core.Record { return w.sessOther }), []string{admin, coordinator, superuser}},
		{"reassigned away", "sessions", rec(func(w *world) *core.Record { return w.sessReassigned }), []string{admin, coordinator, superuser}},
		{"editor's session", "sessions", rec(func(w *world) *core.Record { return w.sessEditing }), []string{admin, coordinator, editor, superuser}},
		{"attended (queue)", "sessions", rec(func(w *world) *core.Record { return w.sessAttended }), []string{admin, coordinator, editor, superuser}},
		{"line of own session", "session_lines", rec(func(w *world) *core.Record { return w.lineOwn }), []string{admin, coordinator, photographer, superuser}},
		{"line of other's session", "session_lines", rec(func(w *world) *core.Record { return w.lineOther }), []string{admin, coordinator, superuser}},
		{"own assignment", "session_photographers", rec(func(w *world) *core.Record { return w.assignOwn }), []string{admin, coordinator, photographer, superuser}},
		{"other's assignment", "session_photographers", rec(func(w *world) *core.Record { return w.assignOther }), []string{admin, coordinator, superuser}},
		{"payment", "session_payments", rec(func(w *world) *core.Record { return w.payment }), []string{admin, coordinator, superuser}},
		{"history of own session", "session_status_history", rec(func(w *world) *core.Record { return w.historyOwn }), []string{admin, coordinator, photographer, superuser}},
		{"history of other's session", "session_status_history", rec(func(w *world) *core.Record { return w.historyOther }), []string{admin, coordinator, superuser}},
		{"own notification", "notifications", rec(func(w *world) *core.Record { return w.notifPhotographer }), []string{photographer, superuser}},
		{"editor's notification", "notifications", rec(func(w *world) *core.Record { return w.notifEditor }), []string{editor, superuser}},
		{"settings", "studio_settings", rec(func(w *world) *core.Record { return w.settings }), staffAll},
		{"audit entry", "audit_log", rec(func(w *world) *core.Record { return w.audit }), []string{admin, superuser}},
		{"outbox entry", "outbox", rec(func(w *world) *core.Record { return w.outbox }), []string{admin, superuser}},
	}
}

// writeCase says which actors may create, update or delete. target makes
// the record acted on (a fresh one per actor for deletes); body is the
// request body.
type writeCase struct {
	name, collection, op string
	target               func(t *testing.T, w *world) *core.Record
	body                 func(w *world) map[string]any
	allowed              []string
}

func writeCases() []writeCase {
	fixed := func(f func(w *world) *core.Record) func(*testing.T, *world) *core.Record {
		return func(_ *testing.T, w *world) *core.Record { return f(w) }
	}
	start := time.Now().UTC().Add(30 * 24 * time.Hour).Truncate(time.Hour)
	return []writeCase{
		// create
		{"user", "users", "create", nil, func(w *world) map[string]any {
			return map[string]any{"email": ta.Unique("new") + "@test.local", "password": ta.Password, "passwordConfirm": ta.Password, "name": "New"}
		}, []string{admin, superuser}},
		{"role", "roles", "create", nil, func(w *world) map[string]any {
			return map[string]any{"name": ta.Unique("Role"), "permissions": []string{"session.view.own"}}
		}, []string{admin, superuser}},
		{"client", "clients", "create", nil, func(w *world) map[string]any {
			return map[string]any{"full_name": "New Client", "email": ta.Unique("c") + "@example.com", "primary_phone": "123"}
		}, []string{admin, coordinator, superuser}},
		{"item", "items", "create", nil, func(w *world) map[string]any {
			return map[string]any{"code": ta.Unique("I-"), "name": "I", "item_type": "Album", "unit_price": 10}
		}, []string{admin, superuser}},
		{"package", "packages", "create", nil, func(w *world) map[string]any {
			return map[string]any{"code": ta.Unique("P-"), "name": "P", "session_type": "Studio", "base_price": 10}
		}, []string{admin, superuser}},
		{"package item", "package_items", "create", nil, func(w *world) map[string]any {
			return map[string]any{"package": w.pkg.Id, "item": w.spareItem().Id, "quantity": 2}
		}, []string{admin, superuser}},
		{"room", "rooms", "create", nil, func(w *world) map[string]any {
			return map[string]any{"code": ta.Unique("R-"), "name": "R"}
		}, []string{admin, superuser}},
		{"session", "sessions", "create", nil, func(w *world) map[string]any {
			return map[string]any{"client": w.clientOther.Id, "session_type": "Studio", "starts_at": start, "ends_at": start.Add(time.Hour)}
		}, []string{admin, coordinator, superuser}},
		{"line on Confirmed session", "session_lines", "create", nil, func(w *world) map[string]any {
			return map[string]any{"session": w.sessConfirmed.Id, "line_type": "Item", "item_code": "X", "item_name": "X", "quantity": 1, "unit_price": 5, "line_subtotal": 5}
		}, []string{admin, coordinator, superuser}},
		{"line on Assigned session", "session_lines", "create", nil, func(w *world) map[string]any {
			return map[string]any{"session": w.sessOwn.Id, "line_type": "Item", "item_code": "X", "item_name": "X", "quantity": 1, "unit_price": 5, "line_subtotal": 5}
		}, []string{admin, superuser}},
		{"assignment", "session_photographers", "create", nil, func(w *world) map[string]any {
			return map[string]any{"session": w.sessConfirmed.Id, "photographer": freshPhotographer(w),
				"coverage_start": w.sessConfirmed.GetDateTime("starts_at"), "coverage_end": w.sessConfirmed.GetDateTime("ends_at")}
		}, []string{admin, coordinator, superuser}},
		{"payment", "session_payments", "create", nil, func(w *world) map[string]any {
			return map[string]any{"session": w.sessConfirmed.Id, "payment_type": "Balance", "amount": 10,
				"document_number": ta.Unique("D"), "method": "Cash", "payment_date": start}
		}, []string{admin, coordinator, superuser}},
		{"history", "session_status_history", "create", nil, func(w *world) map[string]any {
			return map[string]any{"session": w.sessOwn.Id, "new_status": "Negotiation"}
		}, []string{superuser}},
		{"notification", "notifications", "create", nil, func(w *world) map[string]any {
			return map[string]any{"user": w.staff.Photographer.Id, "kind": "x", "title": "x"}
		}, []string{superuser}},
		{"second settings record", "studio_settings", "create", nil, func(w *world) map[string]any {
			return map[string]any{"studio_name": "Other", "payment_deadline_days": 5, "default_editing_days": 5,
				"max_concurrent_editing_sessions": 5, "timezone": "UTC", "currency": "USD", "language": "en"}
		}, nil},
		{"audit entry", "audit_log", "create", nil, func(w *world) map[string]any { return map[string]any{"action": "x"} }, []string{superuser}},
		// Outbox rows are written by business transactions only, superusers included.
		{"outbox entry", "outbox", "create", nil, func(w *world) map[string]any {
			return map[string]any{"kind": "email", "recipient": "a@b.c", "template": "t", "status": "Pending"}
		}, nil},

		// update
		{"self", "users", "update", fixed(func(w *world) *core.Record { return w.staff.Photographer }), nameBody, []string{admin, photographer, superuser}},
		{"another user", "users", "update", fixed(func(w *world) *core.Record { return w.staff.Photographer2 }), nameBody, []string{admin, superuser}},
		{"role", "roles", "update", fixed(func(w *world) *core.Record { return w.roleEditor }), descBody, []string{admin, superuser}},
		{"client", "clients", "update", fixed(func(w *world) *core.Record { return w.clientOther }), notesBody, []string{admin, coordinator, superuser}},
		{"item", "items", "update", fixed(func(w *world) *core.Record { return w.item }), nameBody, []string{admin, superuser}},
		{"package", "packages", "update", fixed(func(w *world) *core.Record { return w.pkg }), nameBody, []string{admin, superuser}},
		{"package item", "package_items", "update", fixed(func(w *world) *core.Record { return w.pkgItem }), func(*world) map[string]any { return map[string]any{"quantity": float64(seqNum())} }, []string{admin, superuser}},
		{"room", "rooms", "update", fixed(func(w *world) *core.Record { return w.room }), nameBody, []string{admin, superuser}},
		{"Confirmed session", "sessions", "update", fixed(func(w *world) *core.Record { return w.sessConfirmed }), eventBody, []string{admin, coordinator, superuser}},
		{"Assigned session", "sessions", "update", fixed(func(w *world) *core.Record { return w.sessOwn }), eventBody, []string{admin, superuser}},
		{"line of Confirmed session", "session_lines", "update", fixed(func(w *world) *core.Record { return w.lineConfirmed }), nameItemBody, []string{admin, coordinator, superuser}},
		{"line of Assigned session", "session_lines", "update", fixed(func(w *world) *core.Record { return w.lineOwn }), nameItemBody, []string{admin, superuser}},
		{"assignment", "session_photographers", "update", fixed(func(w *world) *core.Record { return w.assignOther }), notesBody, []string{admin, coordinator, superuser}},
		{"pending payment", "session_payments", "update", fixed(func(w *world) *core.Record { return w.payment }), notesBody, []string{admin, coordinator, superuser}},
		{"history", "session_status_history", "update", fixed(func(w *world) *core.Record { return w.historyOther }), func(*world) map[string]any { return map[string]any{"reason": "x"} }, []string{superuser}},
		{"own notification read", "notifications", "update", fixed(func(w *world) *core.Record { return w.notifPhotographer }), func(*world) map[string]any { return map[string]any{"read": true} }, []string{photographer, superuser}},
		{"own notification title", "notifications", "update", fixed(func(w *world) *core.Record { return w.notifPhotographer }), func(*world) map[string]any { return map[string]any{"title": "forged"} }, []string{superuser}},
		{"settings", "studio_settings", "update", fixed(func(w *world) *core.Record { return w.settings }), func(*world) map[string]any { return map[string]any{"studio_name": "Renamed " + ta.Unique("")} }, []string{admin, superuser}},
		{"audit entry", "audit_log", "update", fixed(func(w *world) *core.Record { return w.audit }), func(*world) map[string]any { return map[string]any{"action": "y"} }, []string{superuser}},
		{"outbox entry", "outbox", "update", fixed(func(w *world) *core.Record { return w.outbox }), func(*world) map[string]any { return map[string]any{"last_error": "y"} }, nil},
		{"retry of a Failed outbox entry", "outbox", "update", func(t *testing.T, w *world) *core.Record {
			return ta.Outbox(t, w.app, map[string]any{"status": domain.OutboxFailed, "last_error": "550 mailbox unavailable"})
		}, func(*world) map[string]any { return map[string]any{"status": domain.OutboxPending} }, []string{superuser}},

		// delete (a fresh target per actor)
		{"user", "users", "delete", func(t *testing.T, w *world) *core.Record { return ta.User(t, w.app, "gone", "Photographer") }, nil, []string{admin, superuser}},
		{"role", "roles", "delete", func(t *testing.T, w *world) *core.Record {
			return ta.Create(t, w.app, "roles", map[string]any{"name": ta.Unique("R")})
		}, nil, []string{superuser}},
		{"client", "clients", "delete", func(t *testing.T, w *world) *core.Record { return ta.Client(t, w.app, nil) }, nil, []string{admin, superuser}},
		{"item", "items", "delete", func(t *testing.T, w *world) *core.Record { return ta.Item(t, w.app, nil) }, nil, []string{admin, superuser}},
		{"package", "packages", "delete", func(t *testing.T, w *world) *core.Record { return ta.Package(t, w.app, nil) }, nil, []string{admin, superuser}},
		{"package item", "package_items", "delete", func(t *testing.T, w *world) *core.Record {
			return ta.Create(t, w.app, "package_items", map[string]any{"package": w.pkg.Id, "item": ta.Item(t, w.app, nil).Id, "quantity": 1})
		}, nil, []string{admin, superuser}},
		{"room", "rooms", "delete", func(t *testing.T, w *world) *core.Record { return ta.Room(t, w.app, nil) }, nil, []string{admin, superuser}},
		{"session", "sessions", "delete", func(t *testing.T, w *world) *core.Record { return ta.Session(t, w.app, w.clientOther, nil) }, nil, []string{admin, superuser}},
		{"line of Confirmed session", "session_lines", "delete", func(t *testing.T, w *world) *core.Record { return ta.Line(t, w.app, w.sessConfirmed, nil) }, nil, []string{admin, coordinator, superuser}},
		{"assignment", "session_photographers", "delete", func(t *testing.T, w *world) *core.Record {
			return ta.Assign(t, w.app, w.sessConfirmed, ta.User(t, w.app, "fresh-photographer", "Photographer"), nil)
		}, nil, []string{admin, coordinator, superuser}},
		{"pending payment", "session_payments", "delete", func(t *testing.T, w *world) *core.Record { return ta.Payment(t, w.app, w.sessConfirmed, nil) }, nil, []string{admin, coordinator, superuser}},
		{"history", "session_status_history", "delete", func(t *testing.T, w *world) *core.Record { return ta.History(t, w.app, w.sessOther, nil) }, nil, []string{superuser}},
		{"notification", "notifications", "delete", func(t *testing.T, w *world) *core.Record { return ta.Notification(t, w.app, w.staff.Photographer, nil) }, nil, []string{superuser}},
		{"settings", "studio_settings", "delete", fixed(func(w *world) *core.Record { return w.settings }), nil, nil},
		{"audit entry", "audit_log", "delete", func(t *testing.T, w *world) *core.Record { return ta.Audit(t, w.app, nil) }, nil, []string{superuser}},
		{"outbox entry", "outbox", "delete", func(t *testing.T, w *world) *core.Record { return ta.Outbox(t, w.app, nil) }, nil, []string{superuser}},
	}
}

func nameBody(*world) map[string]any { return map[string]any{"name": "Renamed " + ta.Unique("")} }
func descBody(*world) map[string]any {
	return map[string]any{"description": "Changed " + ta.Unique("")}
}
func notesBody(*world) map[string]any { return map[string]any{"notes": "Changed " + ta.Unique("")} }
func eventBody(*world) map[string]any {
	return map[string]any{"event_description": "Changed " + ta.Unique("")}
}
func nameItemBody(*world) map[string]any {
	return map[string]any{"item_name": "Changed " + ta.Unique("")}
}

// TestPermissionMatrix walks every collection × operation × actor through
// the REST API and checks allow or deny as domain.md §1 says.
func TestPermissionMatrix(t *testing.T) {
	w := newWorld(t)
	covered := map[string]map[string]bool{}
	mark := func(collection, op string) {
		if covered[collection] == nil {
			covered[collection] = map[string]bool{}
		}
		covered[collection][op] = true
	}

	for _, c := range readCases() {
		mark(c.collection, "list")
		mark(c.collection, "view")
		target := c.target(w)
		for _, actor := range actors {
			allowed := slices.Contains(c.allowed, actor)
			t.Run(c.collection+"/list/"+c.name+"/"+actor, func(t *testing.T) {
				res := ta.Do(t, http.MethodGet, w.url(c.collection)+"?perPage=500&filter="+url.QueryEscape(`id="`+target.Id+`"`), w.tokens[actor], nil)
				seen := res.Status == http.StatusOK && slices.Contains(res.IDs(), target.Id)
				if seen != allowed {
					t.Fatalf("allowed=%v but status %d, seen=%v: %s", allowed, res.Status, seen, res.Raw)
				}
			})
			t.Run(c.collection+"/view/"+c.name+"/"+actor, func(t *testing.T) {
				res := ta.Do(t, http.MethodGet, w.url(c.collection, target.Id), w.tokens[actor], nil)
				if (res.Status == http.StatusOK) != allowed {
					t.Fatalf("allowed=%v but status %d: %s", allowed, res.Status, res.Raw)
				}
			})
		}
	}

	for _, c := range writeCases() {
		mark(c.collection, c.op)
		for _, actor := range actors {
			allowed := slices.Contains(c.allowed, actor)
			t.Run(c.collection+"/"+c.op+"/"+c.name+"/"+actor, func(t *testing.T) {
				switch c.op {
				case "create":
					checkCreate(t, w, c, actor, allowed)
				case "update":
					checkUpdate(t, w, c, actor, allowed)
				case "delete":
					checkDelete(t, w, c, actor, allowed)
				}
			})
		}
	}

	for _, name := range []string{"users", "roles", "clients", "items", "packages", "package_items", "rooms", "sessions",
		"session_lines", "session_photographers", "session_payments", "session_status_history", "notifications",
		"studio_settings", "audit_log", "outbox"} {
		for _, op := range []string{"list", "view", "create", "update", "delete"} {
			if !covered[name][op] {
				t.Errorf("matrix misses %s %s", name, op)
			}
		}
	}
}

func checkCreate(t *testing.T, w *world, c writeCase, actor string, allowed bool) {
	before, err := w.app.CountRecords(c.collection)
	if err != nil {
		t.Fatal(err)
	}
	res := ta.Do(t, http.MethodPost, w.url(c.collection), w.tokens[actor], c.body(w))
	after, _ := w.app.CountRecords(c.collection)
	if allowed {
		if res.Status != http.StatusOK || after != before+1 {
			t.Fatalf("want created, got %d (%d→%d records): %s", res.Status, before, after, res.Raw)
		}
		return
	}
	if res.Status < 400 || after != before {
		t.Fatalf("want refused, got %d (%d→%d records): %s", res.Status, before, after, res.Raw)
	}
}

func checkUpdate(t *testing.T, w *world, c writeCase, actor string, allowed bool) {
	target := c.target(t, w)
	before, err := w.app.FindRecordById(c.collection, target.Id)
	if err != nil {
		t.Fatal(err)
	}
	body := c.body(w)
	res := ta.Do(t, http.MethodPatch, w.url(c.collection, target.Id), w.tokens[actor], body)
	after, err := w.app.FindRecordById(c.collection, target.Id)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range body {
		want := fmt.Sprint(v)
		if allowed && (res.Status != http.StatusOK || fmt.Sprint(after.Get(k)) != want) {
			t.Fatalf("want %s updated to %v, got %d and %v: %s", k, v, res.Status, after.Get(k), res.Raw)
		}
		if !allowed && (res.Status < 400 || fmt.Sprint(after.Get(k)) != fmt.Sprint(before.Get(k))) {
			t.Fatalf("want refused and %s unchanged, got %d and %v→%v: %s", k, res.Status, before.Get(k), after.Get(k), res.Raw)
		}
	}
}

func checkDelete(t *testing.T, w *world, c writeCase, actor string, allowed bool) {
	target := c.target(t, w)
	res := ta.Do(t, http.MethodDelete, w.url(c.collection, target.Id), w.tokens[actor], nil)
	fresh, err := w.app.FindRecordById(c.collection, target.Id)
	gone := err != nil || fresh.GetString("status") == domain.Inactive && target.GetString("status") == domain.Active
	if deactivated := slices.Contains([]string{"users", "clients", "items", "packages", "rooms"}, c.collection); allowed && deactivated && err != nil {
		t.Fatalf("deactivation must keep the record, it was removed")
	}
	if allowed && (res.Status != http.StatusNoContent || !gone) {
		t.Fatalf("want deleted or deactivated, got %d (gone=%v): %s", res.Status, gone, res.Raw)
	}
	if !allowed && (res.Status < 400 || gone) {
		t.Fatalf("want refused, got %d (gone=%v): %s", res.Status, gone, res.Raw)
	}
}

// seqNum is a number not used before in this test binary.
func seqNum() int {
	var n int
	fmt.Sscan(ta.Unique(""), &n)
	return n
}
