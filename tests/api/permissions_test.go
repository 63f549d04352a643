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
// request body; refused is the answer every other actor gets (the
// superuser's own refusals are in superuserRefusals).
type writeCase struct {
	name, collection, op string
	target               func(t *testing.T, w *world) *core.Record
	body                 func(w *world) map[string]any
	allowed              []string
	refused              refusal
}

// refusal is the exact answer to a refused write: the status, and the
// field and code of the docs/rules.md §10 body with its message, or PocketBase's bare
// message where the studio does not add a code (a hidden record).
type refusal struct {
	status      int
	message     string
	field, code string
}

// The ways a write is refused by the API rules (docs/foundation.md,
// "Refusals on the record API").
var (
	// createRuleFails: the collection's create rule does not hold
	// (PocketBase's 400, answered by the studio as 403 FORBIDDEN).
	createRuleFails = refusal{status: http.StatusForbidden, field: "rule", code: domain.CodeForbidden}
	// hidden: the update or delete rule does not hold on a record the
	// caller cannot see either; PocketBase answers as if it did not
	// exist. Where the caller can see it, the answer is notAllowed.
	hidden = refusal{status: http.StatusNotFound, message: "The requested resource wasn't found."}
	// notAllowed: the record is visible to the caller, but the update or
	// delete rule does not hold.
	notAllowed = refusal{status: http.StatusForbidden, field: "rule", code: domain.CodeForbidden}
	// superusersOnly: the rule is locked (nil): only superusers may.
	superusersOnly = refusal{status: http.StatusForbidden, message: "Only superusers can perform this action.", field: "rule", code: domain.CodeForbidden}
)

// superuserRefusals are the writes refused even to a superuser, by the
// studio's hooks, keyed by collection/op/case name.
var superuserRefusals = map[string]refusal{
	"studio_settings/create/second settings record": {status: http.StatusBadRequest, field: "id", code: domain.CodeValidation},
	"studio_settings/delete/settings":               {status: http.StatusBadRequest, field: "id", code: domain.CodeValidation},
	"outbox/create/outbox entry":                    {status: http.StatusForbidden, message: "Outbox entries are written by the studio's business transactions only.", field: "rule", code: domain.CodeForbidden},
	"outbox/update/outbox entry":                    {status: http.StatusBadRequest, field: "status", code: domain.CodeValidation},
}

// expectedRefusal is the answer actor must get for a write it may not do.
func (c writeCase) expectedRefusal(actor string) refusal {
	if actor == superuser {
		if r, ok := superuserRefusals[c.collection+"/"+c.op+"/"+c.name]; ok {
			return r
		}
	}
	return c.refused
}

// checkRefusal fails unless res is exactly the refusal: its status, and
// either PocketBase's message with no field errors or the studio's code on
// the field.
func checkRefusal(t *testing.T, res ta.Response, want refusal) {
	t.Helper()
	if res.Status != want.status {
		t.Fatalf("want refused with %d, got %d: %s", want.status, res.Status, res.Raw)
	}
	if want.message != "" && res.Body["message"] != want.message {
		t.Fatalf("want the message %q, got %s", want.message, res.Raw)
	}
	if want.code != "" {
		if got := res.FieldCode(want.field); got != want.code {
			t.Fatalf("want %s on %s, got %q: %s", want.code, want.field, got, res.Raw)
		}
		return
	}
	if data, _ := res.Body["data"].(map[string]any); len(data) != 0 {
		t.Fatalf("want no field errors, got %s", res.Raw)
	}
}

// writeRefusal is the answer expected for a refused update or delete of
// target: a case expecting hidden gets notAllowed when the caller can
// view the record (the view rule is checked by the read half of the
// matrix).
func writeRefusal(t *testing.T, w *world, c writeCase, actor string, target *core.Record) refusal {
	want := c.expectedRefusal(actor)
	if want != hidden {
		return want
	}
	if ta.Do(t, http.MethodGet, w.url(c.collection, target.Id), w.tokens[actor], nil).Status == http.StatusOK {
		return notAllowed
	}
	return hidden
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
		}, []string{admin, superuser}, createRuleFails},
		{"role", "roles", "create", nil, func(w *world) map[string]any {
			return map[string]any{"name": ta.Unique("Role"), "permissions": []string{"session.view.own"}}
		}, []string{admin, superuser}, createRuleFails},
		{"client", "clients", "create", nil, func(w *world) map[string]any {
			return map[string]any{"full_name": "New Client", "email": ta.Unique("c") + "@example.com", "primary_phone": "123"}
		}, []string{admin, coordinator, superuser}, createRuleFails},
		{"item", "items", "create", nil, func(w *world) map[string]any {
			return map[string]any{"code": ta.Unique("I-"), "name": "I", "item_type": "Album", "unit_price": 10}
		}, []string{admin, superuser}, createRuleFails},
		{"package", "packages", "create", nil, func(w *world) map[string]any {
			return map[string]any{"code": ta.Unique("P-"), "name": "P", "session_type": "Studio", "base_price": 10}
		}, []string{admin, superuser}, createRuleFails},
		{"package item", "package_items", "create", nil, func(w *world) map[string]any {
			return map[string]any{"package": w.pkg.Id, "item": w.spareItem().Id, "quantity": 2}
		}, []string{admin, superuser}, createRuleFails},
		{"room", "rooms", "create", nil, func(w *world) map[string]any {
			return map[string]any{"code": ta.Unique("R-"), "name": "R"}
		}, []string{admin, superuser}, createRuleFails},
		{"session", "sessions", "create", nil, func(w *world) map[string]any {
			return map[string]any{"client": w.clientOther.Id, "session_type": "Studio", "starts_at": start, "ends_at": start.Add(time.Hour)}
		}, []string{admin, coordinator, superuser}, createRuleFails},
		{"line on Confirmed session", "session_lines", "create", nil, func(w *world) map[string]any {
			return map[string]any{"session": w.sessConfirmed.Id, "line_type": "Item", "item_code": "X", "item_name": "X", "quantity": 1, "unit_price": 5, "line_subtotal": 5}
		}, []string{admin, coordinator, superuser}, createRuleFails},
		{"line on Assigned session", "session_lines", "create", nil, func(w *world) map[string]any {
			return map[string]any{"session": w.sessOwn.Id, "line_type": "Item", "item_code": "X", "item_name": "X", "quantity": 1, "unit_price": 5, "line_subtotal": 5}
		}, []string{admin, superuser}, createRuleFails},
		{"assignment", "session_photographers", "create", nil, func(w *world) map[string]any {
			return map[string]any{"session": w.sessConfirmed.Id, "photographer": freshPhotographer(w),
				"coverage_start": w.sessConfirmed.GetDateTime("starts_at"), "coverage_end": w.sessConfirmed.GetDateTime("ends_at")}
		}, []string{admin, coordinator, superuser}, createRuleFails},
		{"payment", "session_payments", "create", nil, func(w *world) map[string]any {
			return map[string]any{"session": w.sessConfirmed.Id, "payment_type": "Balance", "amount": 10,
				"document_number": ta.Unique("D"), "method": "Cash", "payment_date": start}
		}, []string{admin, coordinator, superuser}, createRuleFails},
		{"history", "session_status_history", "create", nil, func(w *world) map[string]any {
			return map[string]any{"session": w.sessOwn.Id, "new_status": "Negotiation"}
		}, []string{superuser}, superusersOnly},
		{"notification", "notifications", "create", nil, func(w *world) map[string]any {
			return map[string]any{"user": w.staff.Photographer.Id, "kind": "x", "title": "x"}
		}, []string{superuser}, superusersOnly},
		{"second settings record", "studio_settings", "create", nil, func(w *world) map[string]any {
			return map[string]any{"studio_name": "Other", "payment_deadline_days": 5, "default_editing_days": 5,
				"max_concurrent_editing_sessions": 5, "timezone": "UTC", "currency": "USD", "language": "en"}
		}, nil, superusersOnly},
		{"audit entry", "audit_log", "create", nil, func(w *world) map[string]any { return map[string]any{"action": "x"} }, []string{superuser}, superusersOnly},
		// Outbox rows are written by business transactions only, superusers included.
		{"outbox entry", "outbox", "create", nil, func(w *world) map[string]any {
			return map[string]any{"kind": "email", "recipient": "a@b.c", "template": "t", "status": "Pending"}
		}, nil, superusersOnly},

		// update
		{"self", "users", "update", fixed(func(w *world) *core.Record { return w.staff.Photographer }), nameBody, []string{admin, photographer, superuser}, hidden},
		{"another user", "users", "update", fixed(func(w *world) *core.Record { return w.staff.Photographer2 }), nameBody, []string{admin, superuser}, hidden},
		{"role", "roles", "update", fixed(func(w *world) *core.Record { return w.roleEditor }), descBody, []string{admin, superuser}, hidden},
		{"client", "clients", "update", fixed(func(w *world) *core.Record { return w.clientOther }), notesBody, []string{admin, coordinator, superuser}, hidden},
		{"item", "items", "update", fixed(func(w *world) *core.Record { return w.item }), nameBody, []string{admin, superuser}, hidden},
		{"package", "packages", "update", fixed(func(w *world) *core.Record { return w.pkg }), nameBody, []string{admin, superuser}, hidden},
		{"package item", "package_items", "update", fixed(func(w *world) *core.Record { return w.pkgItem }), func(*world) map[string]any { return map[string]any{"quantity": float64(seqNum())} }, []string{admin, superuser}, hidden},
		{"room", "rooms", "update", fixed(func(w *world) *core.Record { return w.room }), nameBody, []string{admin, superuser}, hidden},
		{"Confirmed session", "sessions", "update", fixed(func(w *world) *core.Record { return w.sessConfirmed }), eventBody, []string{admin, coordinator, superuser}, hidden},
		{"Assigned session", "sessions", "update", fixed(func(w *world) *core.Record { return w.sessOwn }), eventBody, []string{admin, superuser}, hidden},
		{"line of Confirmed session", "session_lines", "update", fixed(func(w *world) *core.Record { return w.lineConfirmed }), nameItemBody, []string{admin, coordinator, superuser}, hidden},
		{"line of Assigned session", "session_lines", "update", fixed(func(w *world) *core.Record { return w.lineOwn }), nameItemBody, []string{admin, superuser}, hidden},
		{"assignment", "session_photographers", "update", fixed(func(w *world) *core.Record { return w.assignOther }), notesBody, []string{admin, coordinator, superuser}, hidden},
		{"pending payment", "session_payments", "update", fixed(func(w *world) *core.Record { return w.payment }), notesBody, []string{admin, coordinator, superuser}, hidden},
		{"history", "session_status_history", "update", fixed(func(w *world) *core.Record { return w.historyOther }), func(*world) map[string]any { return map[string]any{"reason": "x"} }, []string{superuser}, superusersOnly},
		{"own notification read", "notifications", "update", fixed(func(w *world) *core.Record { return w.notifPhotographer }), func(*world) map[string]any { return map[string]any{"read": true} }, []string{photographer, superuser}, hidden},
		{"own notification title", "notifications", "update", fixed(func(w *world) *core.Record { return w.notifPhotographer }), func(*world) map[string]any { return map[string]any{"title": "forged"} }, []string{superuser}, hidden},
		{"settings", "studio_settings", "update", fixed(func(w *world) *core.Record { return w.settings }), func(*world) map[string]any { return map[string]any{"studio_name": "Renamed " + ta.Unique("")} }, []string{admin, superuser}, hidden},
		{"audit entry", "audit_log", "update", fixed(func(w *world) *core.Record { return w.audit }), func(*world) map[string]any { return map[string]any{"action": "y"} }, []string{superuser}, superusersOnly},
		{"outbox entry", "outbox", "update", fixed(func(w *world) *core.Record { return w.outbox }), func(*world) map[string]any { return map[string]any{"last_error": "y"} }, nil, superusersOnly},
		{"retry of a Failed outbox entry", "outbox", "update", func(t *testing.T, w *world) *core.Record {
			return ta.Outbox(t, w.app, map[string]any{"status": domain.OutboxFailed, "last_error": "550 mailbox unavailable"})
		}, func(*world) map[string]any { return map[string]any{"status": domain.OutboxPending} }, []string{superuser}, superusersOnly},

		// delete (a fresh target per actor)
		{"user", "users", "delete", func(t *testing.T, w *world) *core.Record { return ta.User(t, w.app, "gone", ta.RolePhotographer) }, nil, []string{admin, superuser}, hidden},
		{"role", "roles", "delete", func(t *testing.T, w *world) *core.Record {
			return ta.Create(t, w.app, "roles", map[string]any{"name": ta.Unique("R")})
		}, nil, []string{superuser}, superusersOnly},
		{"client", "clients", "delete", func(t *testing.T, w *world) *core.Record { return ta.Client(t, w.app, nil) }, nil, []string{admin, superuser}, hidden},
		{"item", "items", "delete", func(t *testing.T, w *world) *core.Record { return ta.Item(t, w.app, nil) }, nil, []string{admin, superuser}, hidden},
		{"package", "packages", "delete", func(t *testing.T, w *world) *core.Record { return ta.Package(t, w.app, nil) }, nil, []string{admin, superuser}, hidden},
		{"package item", "package_items", "delete", func(t *testing.T, w *world) *core.Record {
			return ta.Create(t, w.app, "package_items", map[string]any{"package": w.pkg.Id, "item": ta.Item(t, w.app, nil).Id, "quantity": 1})
		}, nil, []string{admin, superuser}, hidden},
		{"room", "rooms", "delete", func(t *testing.T, w *world) *core.Record { return ta.Room(t, w.app, nil) }, nil, []string{admin, superuser}, hidden},
		{"session", "sessions", "delete", func(t *testing.T, w *world) *core.Record { return ta.Session(t, w.app, w.clientOther, nil) }, nil, []string{admin, superuser}, hidden},
		{"line of Confirmed session", "session_lines", "delete", func(t *testing.T, w *world) *core.Record { return ta.Line(t, w.app, w.sessConfirmed, nil) }, nil, []string{admin, coordinator, superuser}, hidden},
		{"assignment", "session_photographers", "delete", func(t *testing.T, w *world) *core.Record {
			return ta.Assign(t, w.app, w.sessConfirmed, ta.User(t, w.app, "fresh-photographer", "Photographer"), nil)
		}, nil, []string{admin, coordinator, superuser}, hidden},
		{"pending payment", "session_payments", "delete", func(t *testing.T, w *world) *core.Record { return ta.Payment(t, w.app, w.sessConfirmed, nil) }, nil, []string{admin, coordinator, superuser}, hidden},
		{"history", "session_status_history", "delete", func(t *testing.T, w *world) *core.Record { return ta.History(t, w.app, w.sessOther, nil) }, nil, []string{superuser}, superusersOnly},
		{"notification", "notifications", "delete", func(t *testing.T, w *world) *core.Record { return ta.Notification(t, w.app, w.staff.Photographer, nil) }, nil, []string{superuser}, superusersOnly},
		{"settings", "studio_settings", "delete", fixed(func(w *world) *core.Record { return w.settings }), nil, nil, superusersOnly},
		{"audit entry", "audit_log", "delete", func(t *testing.T, w *world) *core.Record { return ta.Audit(t, w.app, nil) }, nil, []string{superuser}, superusersOnly},
		{"outbox entry", "outbox", "delete", func(t *testing.T, w *world) *core.Record { return ta.Outbox(t, w.app, nil) }, nil, []string{superuser}, superusersOnly},
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
// the REST API and checks allow or deny as docs/rules.md §1 says.
func TestPermissionMatrix(t *testing.T) {
	t.Parallel()
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
				// A list never refuses: it answers 200 without the records the caller may not see.
				seen := slices.Contains(res.IDs(), target.Id)
				if res.Status != http.StatusOK || seen != allowed {
					t.Fatalf("allowed=%v but status %d, seen=%v: %s", allowed, res.Status, seen, res.Raw)
				}
			})
			t.Run(c.collection+"/view/"+c.name+"/"+actor, func(t *testing.T) {
				res := ta.Do(t, http.MethodGet, w.url(c.collection, target.Id), w.tokens[actor], nil)
				if !allowed {
					checkRefusal(t, res, hidden)
				} else if res.Status != http.StatusOK {
					t.Fatalf("allowed but status %d: %s", res.Status, res.Raw)
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
	checkRefusal(t, res, c.expectedRefusal(actor))
	if after != before {
		t.Fatalf("refused, yet %d→%d records", before, after)
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
	if !allowed {
		checkRefusal(t, res, writeRefusal(t, w, c, actor, target))
	}
	for k, v := range body {
		want := fmt.Sprint(v)
		if allowed && (res.Status != http.StatusOK || fmt.Sprint(after.Get(k)) != want) {
			t.Fatalf("want %s updated to %v, got %d and %v: %s", k, v, res.Status, after.Get(k), res.Raw)
		}
		if !allowed && fmt.Sprint(after.Get(k)) != fmt.Sprint(before.Get(k)) {
			t.Fatalf("refused, yet %s changed %v→%v: %s", k, before.Get(k), after.Get(k), res.Raw)
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
	if !allowed {
		checkRefusal(t, res, writeRefusal(t, w, c, actor, target))
		if gone {
			t.Fatalf("refused, yet the record is gone or deactivated: %s", res.Raw)
		}
	}
}

// seqNum is a number not used before in this test binary.
func seqNum() int {
	var n int
	if _, err := fmt.Sscan(ta.Unique(""), &n); err != nil {
		panic(err)
	}
	return n
}
