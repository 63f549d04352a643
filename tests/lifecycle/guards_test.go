package lifecycle_test

import (
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	"github.com/studio/studio/internal/domain"
	ta "github.com/studio/studio/internal/testapp"
)

// TestGuardsThroughAPI: the guards that read the database or the clock
// answer their docs/rules.md §10 code over HTTP, and a refused transition writes nothing
// (no status, no history, no deposit). The clock is moved, never slept.
func TestGuardsThroughAPI(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	start := f.now.Add(20 * 24 * time.Hour)
	id := f.newSession(t, start, "200.00", 1)
	f.drive(t, id, domain.StatusPreScheduled)
	deadline := f.session(t, id).GetDateTime("payment_deadline").Time()

	expect := func(who string, body map[string]any, status int, code string) {
		t.Helper()
		before := count(t, f.app, "session_status_history", dbx.HashExp{"session": id})
		payments := count(t, f.app, "session_payments", dbx.HashExp{"session": id})
		r := f.transition(t, who, id, body)
		if r.Status != status || r.FieldCode("session") != code {
			t.Fatalf("%v: want %d %s, got %d %s", body, status, code, r.Status, r.Raw)
		}
		if count(t, f.app, "session_status_history", dbx.HashExp{"session": id}) != before ||
			count(t, f.app, "session_payments", dbx.HashExp{"session": id}) != payments {
			t.Fatal("a refused transition wrote something")
		}
	}
	deposit := func(amount string) map[string]any {
		return map[string]any{"to": domain.StatusConfirmed, "deposit": map[string]any{"amount": amount, "document_number": "D", "method": "Cash"}}
	}
	expect(coordinator, deposit("99.99"), 422, domain.CodeInsufficientPayment)
	f.at(deadline.Add(time.Second))
	expect(coordinator, deposit("100.00"), 422, domain.CodePaymentDeadlineExpired)
	f.at(deadline)
	f.must(t, coordinator, id, deposit("100.00"))

	cd := f.session(t, id).GetDateTime("changes_deadline").Time()
	expect(coordinator, map[string]any{"to": domain.StatusAssigned}, 409, domain.CodeInvalidStateTransition)
	f.at(cd.Add(time.Second))
	expect(coordinator, map[string]any{"to": domain.StatusNegotiation}, 422, domain.CodeChangesDeadlineExpired)
	expect(coordinator, map[string]any{"to": domain.StatusAssigned}, 422, domain.CodeMissingResources)
	s := f.session(t, id)
	ta.Assign(t, f.app, s, f.staff.Photographer, nil)
	expect(coordinator, map[string]any{"to": domain.StatusAssigned}, 422, domain.CodeMissingResources) // still no room
	s = f.session(t, id)
	s.Set("room", ta.Room(t, f.app, nil).Id)
	if err := f.app.Save(s); err != nil {
		t.Fatal(err)
	}
	f.must(t, coordinator, id, map[string]any{"to": domain.StatusAssigned})
	expect(photographer, map[string]any{"to": domain.StatusAttended}, 422, domain.CodeInvalidSessionDate)
	f.at(start)
	f.must(t, photographer, id, map[string]any{"to": domain.StatusAttended})

	st, err := f.app.FindFirstRecordByFilter("studio_settings", "")
	if err != nil {
		t.Fatal(err)
	}
	st.Set("max_concurrent_editing_sessions", 1)
	if err := f.app.Save(st); err != nil {
		t.Fatal(err)
	}
	ta.Session(t, f.app, f.client, map[string]any{"status": domain.StatusInEditing, "assigned_editor": f.staff.Editor.Id})
	expect(editor, map[string]any{"to": domain.StatusInEditing}, 409, domain.CodeEditorAtCapacity)
	f.must(t, "editor2", id, map[string]any{"to": domain.StatusInEditing})
	expect(editor, map[string]any{"to": domain.StatusReadyForDelivery}, 404, domain.CodeSessionNotFound)
	f.must(t, "editor2", id, map[string]any{"to": domain.StatusReadyForDelivery})
	expect(coordinator, map[string]any{"to": domain.StatusCompleted}, 422, domain.CodeBalanceDue)
	if r := f.pay(t, coordinator, id, domain.PaymentBalance, "100.00", domain.PaymentVerified); r.Status != 200 {
		t.Fatalf("balance: %d %s", r.Status, r.Raw)
	}
	f.must(t, coordinator, id, map[string]any{"to": domain.StatusCompleted})
	expect(superuser, map[string]any{"to": domain.StatusCanceled, "reason": "x", "initiator": "client"}, 409, domain.CodeInvalidStateTransition)
}
