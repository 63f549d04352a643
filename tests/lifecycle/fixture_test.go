// Package lifecycle_test drives the session lifecycle (docs/rules.md §4–§5) through the
// real HTTP API: transitions, lines and packages, payments, cancellation
// and refunds, codes, and their behaviour under concurrency.
package lifecycle_test

import (
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/shopspring/decimal"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/money"
	ta "github.com/studio/studio/internal/testapp"
)

// fixture is a served app with staff, their tokens and a client.
type fixture struct {
	app    *tests.TestApp
	base   string
	staff  *ta.Staff
	tok    map[string]string
	client *core.Record
	now    time.Time
}

const (
	admin        = "admin"
	coordinator  = "coordinator"
	photographer = "photographer"
	editor       = "editor"
	superuser    = "superuser"
)

func newFixture(t testing.TB) *fixture {
	t.Helper()
	app := ta.New(t)
	f := &fixture{app: app, staff: ta.NewStaff(t, app), now: time.Date(2026, 6, 1, 15, 0, 0, 0, time.UTC)}
	ta.SetNow(app, f.now)
	f.tok = map[string]string{
		admin: ta.Token(t, f.staff.Admin), coordinator: ta.Token(t, f.staff.Coordinator),
		photographer: ta.Token(t, f.staff.Photographer), editor: ta.Token(t, f.staff.Editor),
		superuser: ta.Token(t, f.staff.Superuser), "photographer2": ta.Token(t, f.staff.Photographer2),
		"editor2": ta.Token(t, f.staff.Editor2),
	}
	f.client = ta.Client(t, app, nil)
	f.base = ta.Serve(t, app)
	return f
}

// at moves the app's clock.
func (f *fixture) at(when time.Time) { ta.SetNow(f.app, when) }

func (f *fixture) transition(t testing.TB, who, id string, body map[string]any) ta.Response {
	t.Helper()
	return ta.Do(t, http.MethodPost, f.base+"/api/studio/sessions/"+id+"/transitions", f.tok[who], body)
}

func (f *fixture) must(t testing.TB, who, id string, body map[string]any) ta.Response {
	t.Helper()
	r := f.transition(t, who, id, body)
	if r.Status != http.StatusOK {
		t.Fatalf("%s: transition %v: %d %s", who, body, r.Status, r.Raw)
	}
	return r
}

func (f *fixture) records(collection string) string {
	return f.base + "/api/collections/" + collection + "/records"
}

// session reloads a session.
func (f *fixture) session(t testing.TB, id string) *core.Record {
	t.Helper()
	s, err := f.app.FindRecordById("sessions", id)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// newSession creates a Request session through the API as the coordinator,
// starting start, with an item line of price × qty when price is given.
func (f *fixture) newSession(t testing.TB, start time.Time, price string, qty int) string {
	t.Helper()
	r := ta.Do(t, http.MethodPost, f.records("sessions"), f.tok[coordinator], map[string]any{
		"client": f.client.Id, "session_type": domain.SessionTypeStudio, "starts_at": start, "ends_at": start.Add(2 * time.Hour),
	})
	if r.Status != http.StatusOK {
		t.Fatalf("create session: %d %s", r.Status, r.Raw)
	}
	id := r.Body["id"].(string)
	if price != "" {
		item := ta.Item(t, f.app, map[string]any{"unit_price": money.ToStored(decimal.RequireFromString(price))})
		f.addLine(t, coordinator, id, map[string]any{"item": item.Id, "quantity": qty})
	}
	return id
}

func (f *fixture) addLine(t testing.TB, who, id string, body map[string]any) ta.Response {
	t.Helper()
	r := ta.Do(t, http.MethodPost, f.base+"/api/studio/sessions/"+id+"/lines", f.tok[who], body)
	if r.Status != http.StatusOK {
		t.Fatalf("add line %v: %d %s", body, r.Status, r.Raw)
	}
	return r
}

// drive brings a session created by newSession to target through the API
// as coordinator, photographer and editor, moving the clock: confirmation
// with the deposit in the same request, a room and the photographer before
// Assigned, the balance before Completed.
func (f *fixture) drive(t testing.TB, id, target string) {
	t.Helper()
	s := f.session(t, id)
	start := s.GetDateTime("starts_at").Time()
	steps := []string{domain.StatusNegotiation, domain.StatusPreScheduled, domain.StatusConfirmed, domain.StatusAssigned,
		domain.StatusAttended, domain.StatusInEditing, domain.StatusReadyForDelivery, domain.StatusCompleted}
	for _, to := range steps {
		if s.GetString("status") == target {
			return
		}
		if slices.Index(domain.SessionStatuses, to) <= slices.Index(domain.SessionStatuses, s.GetString("status")) {
			continue
		}
		body := map[string]any{"to": to}
		who := coordinator
		switch to {
		case domain.StatusConfirmed:
			body["deposit"] = map[string]any{"amount": money.FromStored(s.GetFloat("deposit_amount")).StringFixed(2),
				"document_number": ta.Unique("DEP-"), "method": "Transfer"}
		case domain.StatusAssigned:
			room := ta.Room(t, f.app, nil)
			if r := ta.Do(t, http.MethodPatch, f.records("sessions")+"/"+id, f.tok[coordinator], map[string]any{"room": room.Id}); r.Status != http.StatusOK {
				t.Fatalf("room: %d %s", r.Status, r.Raw)
			}
			if r := ta.Do(t, http.MethodPost, f.records("session_photographers"), f.tok[coordinator], map[string]any{
				"session": id, "photographer": f.staff.Photographer.Id, "coverage_start": start, "coverage_end": start.Add(2 * time.Hour),
			}); r.Status != http.StatusOK {
				t.Fatalf("assign: %d %s", r.Status, r.Raw)
			}
			f.at(s.GetDateTime("changes_deadline").Time().Add(time.Second))
		case domain.StatusAttended:
			f.at(start.Add(time.Minute))
			who = photographer
		case domain.StatusInEditing, domain.StatusReadyForDelivery:
			who = editor
		case domain.StatusCompleted:
			due := money.FromStored(s.GetFloat("total")).Sub(f.netPaid(t, id))
			if due.IsPositive() {
				f.pay(t, coordinator, id, domain.PaymentBalance, due.StringFixed(2), domain.PaymentVerified)
			}
		}
		f.must(t, who, id, body)
		s = f.session(t, id)
	}
}

// pay records a payment through the payments API.
func (f *fixture) pay(t testing.TB, who, id, kind, amount, status string) ta.Response {
	t.Helper()
	return ta.Do(t, http.MethodPost, f.records("session_payments"), f.tok[who], map[string]any{
		"session": id, "payment_type": kind, "amount": decimal.RequireFromString(amount).InexactFloat64(),
		"document_number": ta.Unique("DOC-"), "method": "Cash", "payment_date": f.now, "payment_status": status,
	})
}

// netPaid is computed independently from the stored payments.
func (f *fixture) netPaid(t testing.TB, id string) decimal.Decimal {
	t.Helper()
	ps, err := f.app.FindRecordsByFilter("session_payments", "session = {:s} && payment_status = 'Verified'", "", 0, 0, dbx.Params{"s": id})
	if err != nil {
		t.Fatal(err)
	}
	sum := decimal.Zero
	for _, p := range ps {
		a := decimal.NewFromFloat(p.GetFloat("amount"))
		if p.GetString("payment_type") == domain.PaymentRefund {
			a = a.Neg()
		}
		sum = sum.Add(a)
	}
	return sum
}

func count(t testing.TB, app core.App, collection string, where dbx.Expression) int {
	t.Helper()
	n, err := app.CountRecords(collection, where)
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

func amount(r *core.Record, field string) string {
	return money.FromStored(r.GetFloat(field)).StringFixed(2)
}

func dump(v any) string { return fmt.Sprintf("%v", v) }
