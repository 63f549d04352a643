package lifecycle_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	"github.com/studio/studio/internal/domain"
	ta "github.com/studio/studio/internal/testapp"
)

// preScheduled is a Studio session of total 1000.00 in Pre-scheduled.
func preScheduled(t *testing.T, f *fixture, days int) string {
	t.Helper()
	id := f.newSession(t, f.now.Add(time.Duration(days)*24*time.Hour), "1000", 1)
	f.must(t, coordinator, id, map[string]any{"to": domain.StatusNegotiation})
	f.must(t, coordinator, id, map[string]any{"to": domain.StatusPreScheduled})
	return id
}

// TestVerifiedRefundsNeverExceedVerifiedPaid (docs/rules.md §5.1): a
// Verified Refund, created or verified, is at most what is verified paid
// net of the Verified Refunds, so net paid never drops below zero: a
// Refund of 500.00 over a Pending deposit of 500.00 may be recorded
// Pending but is refused Verified, by coordinator or superuser, directly
// or by verifying it, with 400 VALIDATION_ERROR on amount.
func TestVerifiedRefundsNeverExceedVerifiedPaid(t *testing.T) {
	f := newFixture(t)
	id := preScheduled(t, f, 30)
	if r := f.pay(t, coordinator, id, domain.PaymentDeposit, "500", domain.PaymentPending); r.Status != http.StatusOK {
		t.Fatalf("deposit: %d %s", r.Status, r.Raw)
	}
	for _, who := range []string{coordinator, superuser} {
		r := f.pay(t, who, id, domain.PaymentRefund, "500", domain.PaymentVerified)
		if r.Status != http.StatusBadRequest || r.FieldCode("amount") != domain.CodeValidation {
			t.Fatalf("%s: verified refund over a pending deposit: %d %s", who, r.Status, r.Raw)
		}
	}
	pending := f.pay(t, coordinator, id, domain.PaymentRefund, "200", domain.PaymentPending)
	if pending.Status != http.StatusOK {
		t.Fatalf("pending refund: %d %s", pending.Status, pending.Raw)
	}
	r := ta.Do(t, http.MethodPatch, f.records("session_payments")+"/"+pending.Body["id"].(string), f.tok[admin],
		map[string]any{"payment_status": domain.PaymentVerified})
	if r.Status != http.StatusBadRequest || r.FieldCode("amount") != domain.CodeValidation {
		t.Fatalf("verifying a refund over a pending deposit: %d %s", r.Status, r.Raw)
	}
	if got := f.netPaid(t, id).StringFixed(2); got != "0.00" {
		t.Fatalf("net paid %s, want 0.00", got)
	}
}

// TestPaymentStaysOnItsSession (docs/rules.md §5.1): a payment is never
// moved to another session by PATCH (400 VALIDATION_ERROR on session),
// so a Deposit cannot leave a Balance behind without it.
func TestPaymentStaysOnItsSession(t *testing.T) {
	f := newFixture(t)
	a := preScheduled(t, f, 30)
	b := preScheduled(t, f, 31)
	dep := f.pay(t, coordinator, a, domain.PaymentDeposit, "500", domain.PaymentPending)
	if r := f.pay(t, coordinator, a, domain.PaymentBalance, "100", domain.PaymentPending); dep.Status != http.StatusOK || r.Status != http.StatusOK {
		t.Fatalf("payments: %s %s", dep.Raw, r.Raw)
	}
	for _, who := range []string{coordinator, superuser} {
		r := ta.Do(t, http.MethodPatch, f.records("session_payments")+"/"+dep.Body["id"].(string), f.tok[who], map[string]any{"session": b})
		if r.Status != http.StatusBadRequest || r.FieldCode("session") != domain.CodeValidation {
			t.Fatalf("%s moves the deposit: %d %s", who, r.Status, r.Raw)
		}
	}
	if n := count(t, f.app, "session_payments", dbx.HashExp{"session": a, "payment_type": domain.PaymentDeposit}); n != 1 {
		t.Fatalf("deposits left on the first session %d, want 1", n)
	}
}

// TestBatchKeepsNetPaidWithinTotal (docs/rules.md §5.1.6): a batch that
// lowers the discount and adds a balance that together exceed the total
// is refused whole with PAYMENT_EXCEEDS_TOTAL, and changes nothing.
func TestBatchKeepsNetPaidWithinTotal(t *testing.T) {
	f := newFixture(t)
	id := preScheduled(t, f, 30)
	if r := f.pay(t, coordinator, id, domain.PaymentDeposit, "500", domain.PaymentVerified); r.Status != http.StatusOK {
		t.Fatalf("deposit: %d %s", r.Status, r.Raw)
	}
	for _, order := range [][2]int{{0, 1}, {1, 0}} {
		reqs := []any{
			map[string]any{"method": "PATCH", "url": "/api/collections/sessions/records/" + id, "body": map[string]any{"discount": 100}},
			map[string]any{"method": "POST", "url": "/api/collections/session_payments/records", "body": map[string]any{
				"session": id, "payment_type": domain.PaymentBalance, "amount": 450, "document_number": ta.Unique("B-"),
				"method": "Cash", "payment_date": f.now, "payment_status": domain.PaymentVerified}},
		}
		r := ta.Do(t, http.MethodPost, f.base+"/api/batch", f.tok[superuser], map[string]any{"requests": []any{reqs[order[0]], reqs[order[1]]}})
		if r.Status < 400 {
			t.Fatalf("batch %v: %d %s", order, r.Status, r.Raw)
		}
	}
	if s := f.session(t, id); amount(s, "discount") != "0.00" {
		t.Fatalf("discount %s, want 0.00", amount(s, "discount"))
	}
	if got := f.netPaid(t, id).StringFixed(2); got != "500.00" {
		t.Fatalf("net paid %s, want 500.00", got)
	}
}

// TestCancellationRejectsPendingRefunds (docs/rules.md §5.3.1): a session
// with Deposit 500 V, Balance 500 V and Refund 300 Pending canceled from
// Confirmed by the company refunds 100% of the verified net paid, 1000.00,
// and the pending refund is Rejected with the cancellation (a canceled
// session takes no payment change, so it could never be settled later):
// net paid ends at 0.00.
func TestCancellationRejectsPendingRefunds(t *testing.T) {
	f := newFixture(t)
	id := f.newSession(t, f.now.Add(30*24*time.Hour), "1000", 1)
	f.drive(t, id, domain.StatusConfirmed)
	if r := f.pay(t, coordinator, id, domain.PaymentBalance, "500", domain.PaymentVerified); r.Status != http.StatusOK {
		t.Fatalf("balance: %d %s", r.Status, r.Raw)
	}
	pending := f.pay(t, coordinator, id, domain.PaymentRefund, "300", domain.PaymentPending)
	if pending.Status != http.StatusOK {
		t.Fatalf("pending refund: %d %s", pending.Status, pending.Raw)
	}
	r := f.must(t, coordinator, id, map[string]any{"to": domain.StatusCanceled, "reason": "Studio flooded", "initiator": domain.InitiatorCompany})
	if refund, _ := r.Body["refund"].(map[string]any); refund["amount"] != "1000.00" {
		t.Fatalf("refund %v, want 1000.00", refund)
	}
	p, err := f.app.FindRecordById("session_payments", pending.Body["id"].(string))
	if err != nil || p.GetString("payment_status") != domain.PaymentRejected {
		t.Fatalf("the pending refund: %v %v, want Rejected", err, p)
	}
	if got := f.netPaid(t, id).StringFixed(2); got != "0.00" {
		t.Fatalf("net paid %s, want 0.00", got)
	}
}

// TestInvisibleCancellationReasonsRefused (docs/rules.md §4.1): a reason made
// only of invisible characters (no-break space, zero-width space, word
// joiner, byte order mark) is no reason: 400 VALIDATION_ERROR, through the
// transitions route and the status PATCH, and the session stays Confirmed.
func TestInvisibleCancellationReasonsRefused(t *testing.T) {
	f := newFixture(t)
	id := f.newSession(t, f.now.Add(30*24*time.Hour), "1000", 1)
	f.drive(t, id, domain.StatusConfirmed)
	for _, reason := range []string{"\u00a0", "\u200b", "\u200b\u2060\ufeff", " \u200c\u200d\u3000 "} {
		r := f.transition(t, coordinator, id, map[string]any{"to": domain.StatusCanceled, "reason": reason, "initiator": domain.InitiatorCompany})
		if r.Status != http.StatusBadRequest || r.FieldCode("reason") != domain.CodeValidation {
			t.Fatalf("route with reason %q: %d %s", reason, r.Status, r.Raw)
		}
		r = ta.Do(t, http.MethodPatch, f.records("sessions")+"/"+id, f.tok[superuser], map[string]any{
			"status": domain.StatusCanceled, "cancellation_reason": reason, "cancellation_initiator": domain.InitiatorCompany})
		if r.Status != http.StatusBadRequest {
			t.Fatalf("status PATCH with reason %q: %d %s", reason, r.Status, r.Raw)
		}
	}
	if s := f.session(t, id); s.GetString("status") != domain.StatusConfirmed {
		t.Fatalf("status %s, want Confirmed", s.GetString("status"))
	}
}

// TestPaymentAmountsAsTyped (docs/rules.md §5.1): an amount that is not a
// positive whole number of cents is refused with 400 on amount, however it
// is written (one far above the total with 422 PAYMENT_EXCEEDS_TOTAL); "1e2" as text is 100.00; two concurrent balances that each fit
// but together exceed the total leave exactly one recorded.
func TestPaymentAmountsAsTyped(t *testing.T) {
	f := newFixture(t)
	id := preScheduled(t, f, 30)
	post := func(amount any, kind string) ta.Response {
		return ta.Do(t, http.MethodPost, f.records("session_payments"), f.tok[superuser], map[string]any{
			"session": id, "payment_type": kind, "amount": amount, "document_number": ta.Unique("DOC-"),
			"method": "Cash", "payment_date": f.now, "payment_status": domain.PaymentVerified})
	}
	for _, bad := range []any{"0.005", 0.005, "1e-3", -5, 0, "-0", "abc"} {
		r := post(bad, domain.PaymentDeposit)
		if r.Status != http.StatusBadRequest || r.FieldCode("amount") == "" {
			t.Fatalf("amount %v: %d %s", bad, r.Status, r.Raw)
		}
	}
	if r := post(1e300, domain.PaymentDeposit); r.Status != http.StatusUnprocessableEntity || r.FieldCode("amount") != domain.CodePaymentExceedsTotal {
		t.Fatalf("amount 1e300: %d %s", r.Status, r.Raw)
	}
	if r := post("1e2", domain.PaymentDeposit); r.Status != http.StatusOK || dump(r.Body["amount"]) != "100" {
		t.Fatalf("amount 1e2: %d %s", r.Status, r.Raw)
	}
	done := make(chan ta.Response, 2)
	for range 2 {
		go func() { done <- post(500, domain.PaymentBalance) }()
	}
	ok := 0
	for range 2 {
		if r := <-done; r.Status == http.StatusOK {
			ok++
		}
	}
	if got := f.netPaid(t, id).StringFixed(2); ok != 1 || got != "600.00" {
		t.Fatalf("%d balances recorded, net paid %s; want 1 and 600.00", ok, got)
	}
}

// TestRefundNeverOutlivesWhatItRefunds (docs/rules.md §5.1.7): standing
// refunds never exceed the standing Deposits and Balances: with Deposit
// 500 Pending and Refund 300 Pending, deleting or rejecting the deposit,
// or lowering it to 100, is 400 VALIDATION_ERROR, and the deposit stays.
func TestRefundNeverOutlivesWhatItRefunds(t *testing.T) {
	f := newFixture(t)
	id := preScheduled(t, f, 30)
	dep := f.pay(t, coordinator, id, domain.PaymentDeposit, "500", domain.PaymentPending)
	if r := f.pay(t, coordinator, id, domain.PaymentRefund, "300", domain.PaymentPending); dep.Status != http.StatusOK || r.Status != http.StatusOK {
		t.Fatalf("payments: %s %s", dep.Raw, r.Raw)
	}
	url := f.records("session_payments") + "/" + dep.Body["id"].(string)
	for _, try := range []struct {
		what, method string
		body         map[string]any
	}{
		{"reject", http.MethodPatch, map[string]any{"payment_status": domain.PaymentRejected}},
		{"lower", http.MethodPatch, map[string]any{"amount": 100}},
		{"delete", http.MethodDelete, nil},
	} {
		what, r := try.what, ta.Do(t, try.method, url, f.tok[superuser], try.body)
		if r.Status != http.StatusBadRequest || r.FieldCode("payment_type") != domain.CodeValidation {
			t.Fatalf("%s the deposit under a refund: %d %s", what, r.Status, r.Raw)
		}
	}
	if n := count(t, f.app, "session_payments", dbx.HashExp{"session": id, "payment_type": domain.PaymentDeposit,
		"payment_status": domain.PaymentPending, "amount": 500}); n != 1 {
		t.Fatalf("the deposit changed: %d", n)
	}
}

// TestConfirmationDepositAsTyped (docs/rules.md §4.1): the deposit given with
// a confirmation is refused with 400 when it is not a positive whole number
// of cents, and the session stays Pre-scheduled with no payment; written
// with padding, a plus sign, trailing zeros or an exponent it is the same
// amount: " +9.75e2 " confirms with a deposit of 975.00.
func TestConfirmationDepositAsTyped(t *testing.T) {
	f := newFixture(t)
	id := f.newSession(t, f.now.Add(30*24*time.Hour), "1950", 1)
	f.must(t, coordinator, id, map[string]any{"to": domain.StatusNegotiation})
	f.must(t, coordinator, id, map[string]any{"to": domain.StatusPreScheduled})
	confirm := func(amount any) ta.Response {
		return f.transition(t, coordinator, id, map[string]any{"to": domain.StatusConfirmed,
			"deposit": map[string]any{"amount": amount, "document_number": ta.Unique("DEP-"), "method": "Transfer"}})
	}
	for _, bad := range []any{"974.995", "0.005", "-975", "NaN", "Infinity", "", "0x3cf", 974.999} {
		if r := confirm(bad); r.Status != http.StatusBadRequest && r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("deposit %v: %d %s", bad, r.Status, r.Raw)
		}
	}
	if n := count(t, f.app, "session_payments", dbx.HashExp{"session": id}); n != 0 {
		t.Fatalf("refused confirmations left %d payments", n)
	}
	if r := confirm(" +9.75e2 "); r.Status != http.StatusOK {
		t.Fatalf("deposit +9.75e2: %d %s", r.Status, r.Raw)
	}
	if got := f.netPaid(t, id).StringFixed(2); got != "975.00" {
		t.Fatalf("net paid %s, want 975.00", got)
	}
}

// TestBatchStatusPatchAsTheRoute (docs/rules.md §4.1): through /api/batch a
// superuser's status PATCH that also changes the discount is refused
// whole (400 on discount) and changes nothing; a status PATCH alone moves
// the session and writes its history entry naming the superuser; a batch
// whose second request fails leaves neither the move nor its history.
func TestBatchStatusPatchAsTheRoute(t *testing.T) {
	f := newFixture(t)
	id := f.newSession(t, f.now.Add(30*24*time.Hour), "1000", 1)
	url := "/api/collections/sessions/records/" + id
	batch := func(reqs ...any) ta.Response {
		return ta.Do(t, http.MethodPost, f.base+"/api/batch", f.tok[superuser], map[string]any{"requests": reqs})
	}
	r := batch(map[string]any{"method": "PATCH", "url": url, "body": map[string]any{"status": domain.StatusNegotiation, "discount": 10}})
	if r.Status != http.StatusBadRequest {
		t.Fatalf("status with discount: %d %s", r.Status, r.Raw)
	}
	r = batch(map[string]any{"method": "PATCH", "url": url, "body": map[string]any{"status": domain.StatusNegotiation}},
		map[string]any{"method": "PATCH", "url": url, "body": map[string]any{"discount": 5000}})
	if r.Status < 400 {
		t.Fatalf("batch with a bad second request: %d %s", r.Status, r.Raw)
	}
	if s := f.session(t, id); s.GetString("status") != domain.StatusRequest || amount(s, "discount") != "0.00" {
		t.Fatalf("refused batches changed the session: %s %s", s.GetString("status"), amount(s, "discount"))
	}
	if n := count(t, f.app, "session_status_history", dbx.HashExp{"session": id, "new_status": domain.StatusNegotiation}); n != 0 {
		t.Fatalf("refused batches left %d history entries", n)
	}
	if r := batch(map[string]any{"method": "PATCH", "url": url, "body": map[string]any{"status": domain.StatusNegotiation}}); r.Status != http.StatusOK {
		t.Fatalf("status alone: %d %s", r.Status, r.Raw)
	}
	if n := count(t, f.app, "session_status_history", dbx.HashExp{"session": id, "new_status": domain.StatusNegotiation,
		"changed_by_superuser": f.staff.Superuser.Id}); n != 1 {
		t.Fatalf("history entries naming the superuser %d, want 1", n)
	}
}
