package lifecycle_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	"github.com/studio/studio/internal/domain"
	ta "github.com/studio/studio/internal/testapp"
)

// externalPaid is an External session of total 1000.00 (two lines of
// 400.00 and 200.00 of transportation) in Pre-scheduled, with a verified
// deposit of 500.00 and a verified balance of 500.00: fully paid. It
// returns the session and its line.
func externalPaid(t *testing.T, f *fixture) (string, string) {
	t.Helper()
	start := f.now.Add(30 * 24 * time.Hour)
	r := ta.Do(t, http.MethodPost, f.records("sessions"), f.tok[coordinator], map[string]any{
		"client": f.client.Id, "session_type": domain.SessionTypeExternal, "location": "Antigua",
		"starts_at": start, "ends_at": start.Add(2 * time.Hour), "transportation_cost": 200,
	})
	if r.Status != http.StatusOK {
		t.Fatalf("create: %d %s", r.Status, r.Raw)
	}
	id := r.Body["id"].(string)
	item := ta.Item(t, f.app, map[string]any{"unit_price": 400})
	lines := f.addLine(t, coordinator, id, map[string]any{"item": item.Id, "quantity": 2})
	line := lines.Body["lines"].([]any)[0].(map[string]any)["id"].(string)
	f.must(t, coordinator, id, map[string]any{"to": domain.StatusNegotiation})
	f.must(t, coordinator, id, map[string]any{"to": domain.StatusPreScheduled})
	if s := f.session(t, id); amount(s, "total") != "1000.00" || amount(s, "deposit_amount") != "500.00" {
		t.Fatalf("total %s deposit %s", amount(s, "total"), amount(s, "deposit_amount"))
	}
	for _, kind := range []string{domain.PaymentDeposit, domain.PaymentBalance} {
		if r := f.pay(t, coordinator, id, kind, "500", domain.PaymentVerified); r.Status != http.StatusOK {
			t.Fatalf("%s: %d %s", kind, r.Status, r.Raw)
		}
	}
	return id, line
}

// TestNetPaidNeverAboveTotal (docs/rules.md §5.1): once a session is fully paid,
// every write that would lower its total below what is paid is refused
// with 422 PAYMENT_EXCEEDS_TOTAL on the field that lowers it, and nothing
// changes; a pending refund does not make room for more payments.
func TestNetPaidNeverAboveTotal(t *testing.T) {
	f := newFixture(t)
	id, line := externalPaid(t, f)
	sessionURL := f.records("sessions") + "/" + id

	refused := func(what string, r ta.Response, field string) {
		t.Helper()
		if r.Status != http.StatusUnprocessableEntity || r.FieldCode(field) != domain.CodePaymentExceedsTotal {
			t.Fatalf("%s: %d %s, want 422 PAYMENT_EXCEEDS_TOTAL on %s", what, r.Status, r.Raw, field)
		}
	}
	refused("discount", ta.Do(t, http.MethodPatch, sessionURL, f.tok[coordinator], map[string]any{"discount": 0.01}), "discount")
	refused("transportation", ta.Do(t, http.MethodPatch, sessionURL, f.tok[admin], map[string]any{"transportation_cost": 100}), "transportation_cost")
	refused("quantity", ta.Do(t, http.MethodPatch, f.records("session_lines")+"/"+line, f.tok[coordinator], map[string]any{"quantity": 1}), "quantity")
	refused("line removal", ta.Do(t, http.MethodDelete, f.records("session_lines")+"/"+line, f.tok[coordinator], nil), "session")

	s := f.session(t, id)
	s.Set("discount", 50)
	if err := f.app.Save(s); err == nil {
		t.Fatal("Go code lowered the total below net paid")
	}
	if s := f.session(t, id); amount(s, "total") != "1000.00" || amount(s, "discount") != "0.00" || amount(s, "transportation_cost") != "200.00" {
		t.Fatalf("a refused write changed the session: total %s discount %s transport %s", amount(s, "total"), amount(s, "discount"), amount(s, "transportation_cost"))
	}
	if n := count(t, f.app, "session_lines", dbx.HashExp{"session": id}); n != 1 {
		t.Fatalf("lines %d, want 1", n)
	}

	// A line added raises the total; removing it again is fine.
	extra := ta.Item(t, f.app, map[string]any{"unit_price": 150})
	added := f.addLine(t, coordinator, id, map[string]any{"item": extra.Id})
	extraLine := added.Body["lines"].([]any)[0].(map[string]any)["id"].(string)
	if r := ta.Do(t, http.MethodDelete, f.records("session_lines")+"/"+extraLine, f.tok[coordinator], nil); r.Status != http.StatusNoContent {
		t.Fatalf("removing a line above what is paid: %d %s", r.Status, r.Raw)
	}

	// A pending refund does not lower the bound: 500 V deposit + 500 V
	// balance + 500 P refund leaves no room for another balance, and
	// deleting the pending refund changes nothing.
	refund := f.pay(t, coordinator, id, domain.PaymentRefund, "500", domain.PaymentPending)
	if refund.Status != http.StatusOK {
		t.Fatalf("pending refund: %d %s", refund.Status, refund.Raw)
	}
	refused("balance over a pending refund", f.pay(t, coordinator, id, domain.PaymentBalance, "500", domain.PaymentVerified), "amount")
	if r := ta.Do(t, http.MethodDelete, f.records("session_payments")+"/"+refund.Body["id"].(string), f.tok[coordinator], nil); r.Status != http.StatusNoContent {
		t.Fatalf("delete the pending refund: %d %s", r.Status, r.Raw)
	}
	if got := f.netPaid(t, id).StringFixed(2); got != "1000.00" {
		t.Fatalf("net paid %s, want 1000.00", got)
	}
}

// TestPendingPaymentsBoundTheTotal: a pending deposit counts as paid for
// the bound (it may be verified at any time), so a discount below it is
// refused.
func TestPendingPaymentsBoundTheTotal(t *testing.T) {
	f := newFixture(t)
	id := f.newSession(t, f.now.Add(30*24*time.Hour), "1000", 1)
	f.must(t, coordinator, id, map[string]any{"to": domain.StatusNegotiation})
	f.must(t, coordinator, id, map[string]any{"to": domain.StatusPreScheduled})
	if r := f.pay(t, coordinator, id, domain.PaymentDeposit, "500", domain.PaymentPending); r.Status != http.StatusOK {
		t.Fatalf("deposit: %d %s", r.Status, r.Raw)
	}
	if r := f.pay(t, coordinator, id, domain.PaymentBalance, "400", domain.PaymentPending); r.Status != http.StatusOK {
		t.Fatalf("balance: %d %s", r.Status, r.Raw)
	}
	r := ta.Do(t, http.MethodPatch, f.records("sessions")+"/"+id, f.tok[coordinator], map[string]any{"discount": 100.01})
	if r.Status != http.StatusUnprocessableEntity || r.FieldCode("discount") != domain.CodePaymentExceedsTotal {
		t.Fatalf("discount below pending payments: %d %s", r.Status, r.Raw)
	}
	if r := ta.Do(t, http.MethodPatch, f.records("sessions")+"/"+id, f.tok[coordinator], map[string]any{"discount": 100}); r.Status != http.StatusOK {
		t.Fatalf("discount down to what is paid: %d %s", r.Status, r.Raw)
	}
}

// TestDepositUnderBalanceStays (docs/rules.md §5.1): a Balance never stands
// without its Deposit: deleting or rejecting the deposit under a standing
// balance is refused with 400 VALIDATION_ERROR on payment_type.
func TestDepositUnderBalanceStays(t *testing.T) {
	f := newFixture(t)
	id := f.newSession(t, f.now.Add(30*24*time.Hour), "1000", 1)
	f.must(t, coordinator, id, map[string]any{"to": domain.StatusNegotiation})
	f.must(t, coordinator, id, map[string]any{"to": domain.StatusPreScheduled})
	dep := f.pay(t, coordinator, id, domain.PaymentDeposit, "500", domain.PaymentPending)
	bal := f.pay(t, coordinator, id, domain.PaymentBalance, "100", domain.PaymentPending)
	if dep.Status != http.StatusOK || bal.Status != http.StatusOK {
		t.Fatalf("payments: %s %s", dep.Raw, bal.Raw)
	}
	depURL := f.records("session_payments") + "/" + dep.Body["id"].(string)
	for _, who := range []string{coordinator, superuser} {
		r := ta.Do(t, http.MethodDelete, depURL, f.tok[who], nil)
		if r.Status != http.StatusBadRequest || r.FieldCode("payment_type") != domain.CodeValidation {
			t.Fatalf("%s deletes the deposit under a balance: %d %s", who, r.Status, r.Raw)
		}
		r = ta.Do(t, http.MethodPatch, depURL, f.tok[who], map[string]any{"payment_status": domain.PaymentRejected})
		if r.Status != http.StatusBadRequest || r.FieldCode("payment_type") != domain.CodeValidation {
			t.Fatalf("%s rejects the deposit under a balance: %d %s", who, r.Status, r.Raw)
		}
	}
	if n := count(t, f.app, "session_payments", dbx.HashExp{"session": id, "payment_type": domain.PaymentDeposit, "payment_status": domain.PaymentPending}); n != 1 {
		t.Fatalf("the deposit is gone: %d", n)
	}
	// Without the balance the deposit may go.
	if r := ta.Do(t, http.MethodDelete, f.records("session_payments")+"/"+bal.Body["id"].(string), f.tok[coordinator], nil); r.Status != http.StatusNoContent {
		t.Fatalf("delete the balance: %d %s", r.Status, r.Raw)
	}
	if r := ta.Do(t, http.MethodDelete, depURL, f.tok[coordinator], nil); r.Status != http.StatusNoContent {
		t.Fatalf("delete the deposit alone: %d %s", r.Status, r.Raw)
	}
}

// TestClosedSessionsTakeNoPayments (docs/rules.md §5.1): on a Canceled or Completed
// session a payment is neither created, edited nor deleted (422
// IMMUTABLE_SESSION on session); the cancellation's own refund is
// recorded.
func TestClosedSessionsTakeNoPayments(t *testing.T) {
	f := newFixture(t)
	canceled := f.newSession(t, f.now.Add(30*24*time.Hour), "1000", 1)
	f.drive(t, canceled, domain.StatusConfirmed)
	pending := f.pay(t, coordinator, canceled, domain.PaymentBalance, "100", domain.PaymentPending)
	if pending.Status != http.StatusOK {
		t.Fatalf("pending balance: %d %s", pending.Status, pending.Raw)
	}
	r := f.must(t, coordinator, canceled, map[string]any{"to": domain.StatusCanceled, "reason": "Studio flooded", "initiator": domain.InitiatorCompany})
	if refund, _ := r.Body["refund"].(map[string]any); refund["amount"] != "500.00" {
		t.Fatalf("refund %v, want 500.00", refund)
	}
	completed := f.newSession(t, f.now.Add(40*24*time.Hour), "1000", 1)
	f.drive(t, completed, domain.StatusCompleted)

	immutable := func(what string, r ta.Response) {
		t.Helper()
		if r.Status != http.StatusUnprocessableEntity || r.FieldCode("session") != domain.CodeImmutableSession {
			t.Fatalf("%s: %d %s, want 422 IMMUTABLE_SESSION", what, r.Status, r.Raw)
		}
	}
	immutable("balance on canceled", f.pay(t, admin, canceled, domain.PaymentBalance, "1", domain.PaymentVerified))
	immutable("refund on canceled", f.pay(t, superuser, canceled, domain.PaymentRefund, "1", domain.PaymentPending))
	immutable("refund on completed", f.pay(t, admin, completed, domain.PaymentRefund, "1", domain.PaymentVerified))
	pendingURL := f.records("session_payments") + "/" + pending.Body["id"].(string)
	immutable("verify on canceled", ta.Do(t, http.MethodPatch, pendingURL, f.tok[admin], map[string]any{"payment_status": domain.PaymentVerified}))
	immutable("delete on canceled", ta.Do(t, http.MethodDelete, pendingURL, f.tok[superuser], nil))

	if n := count(t, f.app, "session_payments", dbx.HashExp{"session": canceled}); n != 3 {
		t.Fatalf("payments of the canceled session %d, want deposit, pending balance and refund", n)
	}
	if n := count(t, f.app, "session_payments", dbx.HashExp{"session": completed, "payment_type": domain.PaymentRefund}); n != 0 {
		t.Fatalf("a refund reached the completed session")
	}
}

// TestMovingSessionMovesDeadlines (docs/rules.md §5.2): moving a Confirmed session
// recomputes changes_deadline from the new date; a move that would put the
// new changes deadline in the past is refused (422 CHANGES_DEADLINE_EXPIRED
// on starts_at); a Pre-scheduled session keeps its payment deadline, which
// counts from entering Pre-scheduled. Studio time is America/Guatemala
// (UTC−6): 23:59:59 there is 05:59:59Z the next day.
func TestMovingSessionMovesDeadlines(t *testing.T) {
	f := newFixture(t) // now 2026-06-01 15:00Z
	id := f.newSession(t, time.Date(2026, 7, 1, 15, 0, 0, 0, time.UTC), "1000", 1)
	f.drive(t, id, domain.StatusConfirmed)
	if got := f.session(t, id).GetDateTime("changes_deadline").Time(); !got.Equal(time.Date(2026, 6, 25, 5, 59, 59, 0, time.UTC)) {
		t.Fatalf("changes deadline %v", got)
	}
	url := f.records("sessions") + "/" + id
	r := ta.Do(t, http.MethodPatch, url, f.tok[coordinator], map[string]any{
		"starts_at": time.Date(2026, 7, 11, 15, 0, 0, 0, time.UTC), "ends_at": time.Date(2026, 7, 11, 17, 0, 0, 0, time.UTC)})
	if r.Status != http.StatusOK {
		t.Fatalf("move: %d %s", r.Status, r.Raw)
	}
	if got := f.session(t, id).GetDateTime("changes_deadline").Time(); !got.Equal(time.Date(2026, 7, 5, 5, 59, 59, 0, time.UTC)) {
		t.Fatalf("changes deadline after the move %v, want 2026-07-05 05:59:59Z", got)
	}
	// Moving to 2026-06-05 would put the changes deadline on 2026-05-29.
	r = ta.Do(t, http.MethodPatch, url, f.tok[coordinator], map[string]any{
		"starts_at": time.Date(2026, 6, 5, 15, 0, 0, 0, time.UTC), "ends_at": time.Date(2026, 6, 5, 17, 0, 0, 0, time.UTC)})
	if r.Status != http.StatusUnprocessableEntity || r.FieldCode("starts_at") != domain.CodeChangesDeadlineExpired {
		t.Fatalf("move past the changes deadline: %d %s", r.Status, r.Raw)
	}
	if s := f.session(t, id); !s.GetDateTime("starts_at").Time().Equal(time.Date(2026, 7, 11, 15, 0, 0, 0, time.UTC)) {
		t.Fatalf("the refused move changed the date: %v", s.GetDateTime("starts_at"))
	}

	pre := f.newSession(t, time.Date(2026, 7, 20, 15, 0, 0, 0, time.UTC), "1000", 1)
	f.drive(t, pre, domain.StatusPreScheduled)
	r = ta.Do(t, http.MethodPatch, f.records("sessions")+"/"+pre, f.tok[coordinator], map[string]any{
		"starts_at": time.Date(2026, 6, 20, 15, 0, 0, 0, time.UTC), "ends_at": time.Date(2026, 6, 20, 17, 0, 0, 0, time.UTC)})
	if r.Status != http.StatusOK {
		t.Fatalf("move pre-scheduled: %d %s", r.Status, r.Raw)
	}
	if got := f.session(t, pre).GetDateTime("payment_deadline").Time(); !got.Equal(time.Date(2026, 6, 7, 5, 59, 59, 0, time.UTC)) {
		t.Fatalf("payment deadline %v, want 2026-06-07 05:59:59Z", got)
	}
}

// TestBlankCancellationReason (docs/rules.md §4.1): a reason of blanks alone is no
// reason, on the route and on a status PATCH: 400 VALIDATION_ERROR.
func TestBlankCancellationReason(t *testing.T) {
	f := newFixture(t)
	id := f.newSession(t, f.now.Add(30*24*time.Hour), "100", 1)
	r := f.transition(t, coordinator, id, map[string]any{"to": domain.StatusCanceled, "reason": " \t\n ", "initiator": domain.InitiatorClient})
	if r.Status != http.StatusBadRequest || r.FieldCode("reason") != domain.CodeValidation {
		t.Fatalf("route: %d %s", r.Status, r.Raw)
	}
	r = ta.Do(t, http.MethodPatch, f.records("sessions")+"/"+id, f.tok[coordinator], map[string]any{
		"status": domain.StatusCanceled, "cancellation_reason": "   ", "cancellation_initiator": domain.InitiatorClient})
	if r.Status != http.StatusBadRequest || r.FieldCode("reason") != domain.CodeValidation {
		t.Fatalf("PATCH: %d %s", r.Status, r.Raw)
	}
	if s := f.session(t, id); s.GetString("status") != domain.StatusRequest {
		t.Fatalf("status %s", s.GetString("status"))
	}
}

// TestSuperuserInHistory (docs/rules.md §4.1): a transition made by a superuser
// names that superuser in the status history (changed_by_superuser), on
// the route and on a status PATCH; a user's transition names the user.
func TestSuperuserInHistory(t *testing.T) {
	f := newFixture(t)
	id := f.newSession(t, f.now.Add(30*24*time.Hour), "100", 1)
	f.must(t, superuser, id, map[string]any{"to": domain.StatusNegotiation})
	if r := ta.Do(t, http.MethodPatch, f.records("sessions")+"/"+id, f.tok[superuser], map[string]any{"status": domain.StatusPreScheduled}); r.Status != http.StatusOK {
		t.Fatalf("PATCH: %d %s", r.Status, r.Raw)
	}
	f.must(t, coordinator, id, map[string]any{"to": domain.StatusNegotiation})
	hist, err := f.app.FindRecordsByFilter("session_status_history", "session = {:s}", "created", 0, 0, dbx.Params{"s": id})
	if err != nil || len(hist) != 3 {
		t.Fatalf("history %d %v", len(hist), err)
	}
	for i, want := range []struct{ superuser, user string }{{f.staff.Superuser.Id, ""}, {f.staff.Superuser.Id, ""}, {"", f.staff.Coordinator.Id}} {
		if got := hist[i].GetString("changed_by_superuser"); got != want.superuser || hist[i].GetString("changed_by") != want.user {
			t.Errorf("entry %d (%s): superuser %q user %q, want %q %q", i, hist[i].GetString("new_status"), got, hist[i].GetString("changed_by"), want.superuser, want.user)
		}
	}
}

// TestDepositAmountNumberOrString: the deposit given with a confirmation
// may be a JSON number or a string, read exactly; a bad one is refused on
// deposit.amount (400 VALIDATION_ERROR) and confirms nothing.
func TestDepositAmountNumberOrString(t *testing.T) {
	f := newFixture(t)
	for i, amountJSON := range []any{975, "975.00"} {
		id := f.newSession(t, f.now.Add(time.Duration(30+i)*24*time.Hour), "975", 2)
		f.drive(t, id, domain.StatusPreScheduled)
		r := f.transition(t, coordinator, id, map[string]any{"to": domain.StatusConfirmed,
			"deposit": map[string]any{"amount": amountJSON, "document_number": ta.Unique("DEP-")}})
		if r.Status != http.StatusOK || r.Body["status"] != domain.StatusConfirmed {
			t.Fatalf("amount %v: %d %s", amountJSON, r.Status, r.Raw)
		}
		if got := f.netPaid(t, id).StringFixed(2); got != "975.00" {
			t.Fatalf("amount %v: net paid %s", amountJSON, got)
		}
	}
	id := f.newSession(t, f.now.Add(40*24*time.Hour), "975", 2)
	f.drive(t, id, domain.StatusPreScheduled)
	for _, bad := range []any{"9,75", true, 975.001, "", -975, map[string]any{"v": 1}} {
		r := f.transition(t, coordinator, id, map[string]any{"to": domain.StatusConfirmed,
			"deposit": map[string]any{"amount": bad, "document_number": ta.Unique("DEP-")}})
		if r.Status != http.StatusBadRequest || r.FieldCode("deposit.amount") != domain.CodeValidation {
			t.Fatalf("amount %#v: %d %s", bad, r.Status, r.Raw)
		}
	}
	if s := f.session(t, id); s.GetString("status") != domain.StatusPreScheduled {
		t.Fatalf("status %s", s.GetString("status"))
	}
}

// TestRefundBeforeConfirmationIsFull (docs/rules.md §5.3): canceled before
// Confirmed, whatever was paid is refunded in full, whoever cancels.
func TestRefundBeforeConfirmationIsFull(t *testing.T) {
	f := newFixture(t)
	id := f.newSession(t, f.now.Add(30*24*time.Hour), "333.33", 1)
	f.drive(t, id, domain.StatusPreScheduled)
	if r := f.pay(t, coordinator, id, domain.PaymentDeposit, "120.45", domain.PaymentVerified); r.Status != http.StatusOK {
		t.Fatalf("deposit: %d %s", r.Status, r.Raw)
	}
	r := f.must(t, coordinator, id, map[string]any{"to": domain.StatusCanceled, "reason": "Changed plans", "initiator": domain.InitiatorClient})
	refund, _ := r.Body["refund"].(map[string]any)
	if refund["amount"] != "120.45" || refund["percentage"] != "100" || refund["rule"] != "REFUND_BEFORE_CONFIRMATION" {
		t.Fatalf("refund %v, want 120.45 at 100%% by REFUND_BEFORE_CONFIRMATION", refund)
	}
	if got := f.netPaid(t, id).StringFixed(2); got != "0.00" {
		t.Fatalf("net paid after the refund %s", got)
	}
}
