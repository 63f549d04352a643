package testapp

import (
	"fmt"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/lifecycle"
	"github.com/studio/studio/internal/settings"
)

// seq makes unique codes and emails across a test binary.
var seq atomic.Int64

// Unique returns prefix plus a number unique in this test binary.
func Unique(prefix string) string { return fmt.Sprintf("%s%d", prefix, seq.Add(1)) }

// Password is every factory user's password.
const Password = "test-password-123"

// Create saves a record of collection with fields through the app (the Go
// path: every model hook runs) and fails the test on error.
func Create(t testing.TB, app core.App, collection string, fields map[string]any) *core.Record {
	t.Helper()
	c, err := app.FindCollectionByNameOrId(collection)
	if err != nil {
		t.Fatalf("collection %s: %v", collection, err)
	}
	r := core.NewRecord(c)
	for k, v := range fields {
		r.Set(k, v)
	}
	if c.IsAuth() && r.GetString("password") == "" {
		r.SetPassword(Password)
	}
	if err := app.Save(r); err != nil {
		t.Fatalf("create %s %v: %v", collection, fields, err)
	}
	return r
}

// merge returns defaults overridden by fields.
func merge(defaults map[string]any, fields map[string]any) map[string]any {
	out := make(map[string]any, len(defaults)+len(fields))
	for k, v := range defaults {
		out[k] = v
	}
	for k, v := range fields {
		out[k] = v
	}
	return out
}

// User creates an Active staff user holding the named roles.
func User(t testing.TB, app core.App, name string, roles ...string) *core.Record {
	t.Helper()
	ids := make([]string, 0, len(roles))
	for _, role := range roles {
		r, err := app.FindFirstRecordByData("roles", "name", role)
		if err != nil {
			t.Fatalf("role %s: %v", role, err)
		}
		ids = append(ids, r.Id)
	}
	return Create(t, app, "users", map[string]any{
		"email": Unique(name) + "@test.local", "name": name, "status": domain.Active, "roles": ids,
	})
}

// Superuser creates a dashboard superuser.
func Superuser(t testing.TB, app core.App) *core.Record {
	t.Helper()
	return Create(t, app, core.CollectionNameSuperusers, map[string]any{"email": Unique("root") + "@test.local"})
}

// Token is an auth token for the record, as the JS SDK would hold it.
func Token(t testing.TB, r *core.Record) string {
	t.Helper()
	tok, err := r.NewAuthToken()
	if err != nil {
		t.Fatalf("token: %v", err)
	}
	return tok
}

// Staff is one user per seeded role plus a second photographer and editor,
// a superuser, and their tokens.
type Staff struct {
	Admin, Coordinator, Photographer, Photographer2, Editor, Editor2, Superuser *core.Record
}

// NewStaff creates the staff of a test.
func NewStaff(t testing.TB, app core.App) *Staff {
	t.Helper()
	return &Staff{
		Admin:         User(t, app, "admin", RoleAdmin),
		Coordinator:   User(t, app, "coordinator", RoleCoordinator),
		Photographer:  User(t, app, "photographer", RolePhotographer),
		Photographer2: User(t, app, "photographer2", RolePhotographer),
		Editor:        User(t, app, "editor", RoleEditor),
		Editor2:       User(t, app, "editor2", RoleEditor),
		Superuser:     Superuser(t, app),
	}
}

// Client creates an Active client.
func Client(t testing.TB, app core.App, fields map[string]any) *core.Record {
	t.Helper()
	return Create(t, app, "clients", merge(map[string]any{
		"full_name": "Client " + Unique(""), "email": Unique("client") + "@example.com",
		"primary_phone": "+502 5000 0000", "secondary_phone": "+502 4000 0000",
		"delivery_address": "Zona 1", "notes": "private note", "client_type": domain.ClientIndividual,
	}, fields))
}

// Item creates an Active catalog item.
func Item(t testing.TB, app core.App, fields map[string]any) *core.Record {
	t.Helper()
	return Create(t, app, "items", merge(map[string]any{
		"code": Unique("IT-"), "name": "Item", "item_type": "Digital Photo",
		"unit_price": 100, "unit_measure": "Unit",
	}, fields))
}

// Package creates an Active package made of the given items (quantity 1
// each, in order).
func Package(t testing.TB, app core.App, fields map[string]any, items ...*core.Record) *core.Record {
	t.Helper()
	p := Create(t, app, "packages", merge(map[string]any{
		"code": Unique("PK-"), "name": "Package", "session_type": domain.PackageTypeBoth,
		"base_price": 500, "estimated_editing_days": 5,
	}, fields))
	for i, it := range items {
		Create(t, app, "package_items", map[string]any{"package": p.Id, "item": it.Id, "quantity": 1, "display_order": i + 1})
	}
	return p
}

// Room creates an Active room.
func Room(t testing.TB, app core.App, fields map[string]any) *core.Record {
	t.Helper()
	return Create(t, app, "rooms", merge(map[string]any{"code": Unique("RM-"), "name": "Room", "capacity": 10}, fields))
}

// Session creates a Studio session for client, two hours long, with any
// field overridden. Without starts_at it takes a slot of its own (three
// hours apart, from a week after the app's clock; a week before it for
// sessions in Attended or later), so that factory sessions never overlap
// by accident. A "status" field is reached legitimately, through
// lifecycle.Transition as the system: see reach.
func Session(t testing.TB, app core.App, client *core.Record, fields map[string]any) *core.Record {
	t.Helper()
	target, _ := fields["status"].(string)
	if target == "" {
		target = domain.StatusRequest
	}
	editor, _ := fields["assigned_editor"].(string)
	own := map[string]any{}
	for k, v := range fields {
		if !slices.Contains(sessionComputed, k) {
			own[k] = v
		}
	}
	slot := time.Duration(seq.Add(1)) * 3 * time.Hour
	start := settings.Now(app).Add(7 * 24 * time.Hour).Truncate(time.Hour).Add(slot)
	if lifecycle.Attended(target) {
		start = settings.Now(app).Add(-7 * 24 * time.Hour).Truncate(time.Hour).Add(-slot)
	}
	defaults := map[string]any{
		"client": client.Id, "session_type": domain.SessionTypeStudio,
		"starts_at": start, "ends_at": start.Add(2 * time.Hour), "event_description": "Test session",
	}
	values := merge(defaults, own)
	if lifecycle.Attended(target) {
		return enterRetroactive(t, app, values, target, editor)
	}
	s := Create(t, app, "sessions", values)
	if target == domain.StatusRequest {
		return s
	}
	return reach(t, app, s, target, editor)
}

// enterRetroactive records a session that already took place (possibly
// dated in the past) directly in target, as lifecycle.EnterRetroactive does.
func enterRetroactive(t testing.TB, app core.App, values map[string]any, target, editor string) *core.Record {
	t.Helper()
	c, err := app.FindCollectionByNameOrId("sessions")
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(c)
	for k, v := range values {
		r.Set(k, v)
	}
	out, err := lifecycle.EnterRetroactive(app, r, target, prepareSteps(t, editor))
	if err != nil {
		t.Fatalf("factory session entered in %s: %v", target, err)
	}
	return out
}

// sessionComputed are the session fields the factory never writes itself:
// the status is reached, the rest is derived.
var sessionComputed = []string{
	"status", "code", "subtotal", "total", "deposit_amount", "payment_deadline", "changes_deadline",
	"canceled_at", "estimated_delivery_date", "assigned_editor", "cancellation_reason", "cancellation_initiator",
}

// reach brings the session to target with lifecycle.Replay (the system,
// steps dated before the changes deadline, after it and at the start):
// a line of 1000.00 if it has none before Pre-scheduled, a room (Studio)
// and a new photographer before Assigned, the given or a new editor.
func reach(t testing.TB, app core.App, s *core.Record, target, editor string) *core.Record {
	t.Helper()
	out, err := lifecycle.Replay(app, s.Id, target, prepareSteps(t, editor))
	if err != nil {
		t.Fatalf("factory session to %s: %v", target, err)
	}
	return out
}

// prepareSteps readies each step of a factory session: a line of 1000.00
// if it has none before Pre-scheduled, a room (Studio) and a new
// photographer before Assigned, the given or a new editor.
func prepareSteps(t testing.TB, editor string) lifecycle.Prepare {
	return func(tx core.App, session *core.Record, to string, in *lifecycle.Input) error {
		switch to {
		case domain.StatusPreScheduled:
			if n, _ := tx.CountRecords("session_lines", dbx.HashExp{"session": session.Id}); n == 0 {
				Line(t, tx, session, map[string]any{"unit_price": 1000, "line_subtotal": 1000})
			}
		case domain.StatusAssigned:
			if session.GetString("session_type") == domain.SessionTypeStudio && session.GetString("room") == "" {
				session.Set("room", Room(t, tx, nil).Id)
				if err := tx.Save(session); err != nil {
					return err
				}
			}
			if len(session.GetStringSlice("assigned_photographers")) == 0 {
				Assign(t, tx, session, User(t, tx, "factory-photographer-", RolePhotographer), nil)
			}
		case domain.StatusInEditing:
			if editor == "" {
				editor = User(t, tx, "factory-editor-", RoleEditor).Id
			}
			in.Editor = editor
		}
		return nil
	}
}

// Assign creates an assignment of photographer to the session covering its
// times.
func Assign(t testing.TB, app core.App, session, photographer *core.Record, fields map[string]any) *core.Record {
	t.Helper()
	return Create(t, app, "session_photographers", merge(map[string]any{
		"session": session.Id, "photographer": photographer.Id,
		"coverage_start": session.GetDateTime("starts_at"), "coverage_end": session.GetDateTime("ends_at"),
		"assignment_status": domain.AssignmentAssigned,
	}, fields))
}

// Line creates a detail line on the session.
func Line(t testing.TB, app core.App, session *core.Record, fields map[string]any) *core.Record {
	t.Helper()
	return Create(t, app, "session_lines", merge(map[string]any{
		"session": session.Id, "line_type": domain.LineItem, "item_code": "IT", "item_name": "Item",
		"quantity": 1, "unit_price": 100, "line_subtotal": 100, "display_order": 1,
	}, fields))
}

// Payment creates a payment on the session: by default a Pending payment
// of 100, a Deposit when the session has no standing deposit yet and a
// Balance otherwise.
func Payment(t testing.TB, app core.App, session *core.Record, fields map[string]any) *core.Record {
	t.Helper()
	kind := domain.PaymentDeposit
	if n, _ := app.CountRecords("session_payments", dbx.HashExp{"session": session.Id, "payment_type": domain.PaymentDeposit},
		dbx.Not(dbx.HashExp{"payment_status": domain.PaymentRejected})); n > 0 {
		kind = domain.PaymentBalance
	}
	return Create(t, app, "session_payments", merge(map[string]any{
		"session": session.Id, "payment_type": kind, "amount": 100,
		"document_number": Unique("DOC-"), "method": "Cash", "payment_date": time.Now().UTC(),
		"payment_status": domain.PaymentPending,
	}, fields))
}

// History creates a status-history entry of the session.
func History(t testing.TB, app core.App, session *core.Record, fields map[string]any) *core.Record {
	t.Helper()
	return Create(t, app, "session_status_history", merge(map[string]any{
		"session": session.Id, "previous_status": domain.StatusRequest, "new_status": domain.StatusNegotiation,
	}, fields))
}

// Notification creates a staff notification for user.
func Notification(t testing.TB, app core.App, user *core.Record, fields map[string]any) *core.Record {
	t.Helper()
	return Create(t, app, "notifications", merge(map[string]any{
		"user": user.Id, "kind": "test", "title": "Test notification", "body": "Body",
	}, fields))
}

// Outbox creates an outbox entry.
func Outbox(t testing.TB, app core.App, fields map[string]any) *core.Record {
	t.Helper()
	return Create(t, app, "outbox", merge(map[string]any{
		"kind": "email", "recipient": "client@example.com", "template": "confirmation",
		"status": domain.OutboxPending, "data": map[string]any{},
	}, fields))
}

// Audit creates an audit-log entry.
func Audit(t testing.TB, app core.App, fields map[string]any) *core.Record {
	t.Helper()
	return Create(t, app, "audit_log", merge(map[string]any{"action": "test"}, fields))
}
