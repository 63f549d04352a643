package lifecycle_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	"github.com/studio/studio/internal/domain"
	ta "github.com/studio/studio/internal/testapp"
)

// TestPaymentRules goes through docs/rules.md §5.1 over the session_payments API.
func TestPaymentRules(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	id := f.newSession(t, f.now.Add(20*24*time.Hour), "500.01", 2) // total 1000.02, deposit 500.01
	f.must(t, coordinator, id, map[string]any{"to": domain.StatusNegotiation})
	f.must(t, coordinator, id, map[string]any{"to": domain.StatusPreScheduled})

	if r := f.pay(t, coordinator, id, domain.PaymentBalance, "10", domain.PaymentPending); r.Status != 400 || r.FieldCode("payment_type") != domain.CodeValidation {
		t.Fatalf("balance before deposit: %d %s", r.Status, r.Raw)
	}
	if r := f.pay(t, coordinator, id, domain.PaymentRefund, "10", domain.PaymentVerified); r.Status != 400 {
		t.Fatalf("refund of nothing: %d %s", r.Status, r.Raw)
	}
	r := f.pay(t, coordinator, id, domain.PaymentDeposit, "700.00", domain.PaymentVerified)
	if r.Status != 200 || r.Body["amount"] != 500.01 || r.Body["registered_by"] != f.staff.Coordinator.Id || r.Body["verified_by"] != f.staff.Coordinator.Id {
		t.Fatalf("deposit: %d %s", r.Status, r.Raw)
	}
	doc := r.Body["document_number"]
	split, err := f.app.FindFirstRecordByFilter("session_payments", "session = {:s} && payment_type = 'Balance'", dbx.Params{"s": id})
	if err != nil || amount(split, "amount") != "199.99" || split.GetString("document_number") != doc {
		t.Fatalf("the excess must be a Balance with the same document: %v %v", split, err)
	}
	if r := f.pay(t, coordinator, id, domain.PaymentDeposit, "1", domain.PaymentPending); r.Status != 400 {
		t.Fatalf("second deposit: %d %s", r.Status, r.Raw)
	}
	if r := f.pay(t, coordinator, id, domain.PaymentBalance, "300.03", domain.PaymentPending); r.Status != 422 || r.FieldCode("amount") != domain.CodePaymentExceedsTotal {
		t.Fatalf("over total: %d %s", r.Status, r.Raw)
	}
	pending := f.pay(t, coordinator, id, domain.PaymentBalance, "300.02", domain.PaymentPending)
	if pending.Status != 200 || pending.Body["verified_by"] != "" {
		t.Fatalf("balance to the total: %d %s", pending.Status, pending.Raw)
	}
	pid := pending.Body["id"].(string)
	r = ta.Do(t, http.MethodPatch, f.records("session_payments")+"/"+pid, f.tok[admin], map[string]any{"payment_status": domain.PaymentVerified})
	if r.Status != 200 || r.Body["verified_by"] != f.staff.Admin.Id || r.Body["registered_by"] != f.staff.Coordinator.Id {
		t.Fatalf("verify: %d %s", r.Status, r.Raw)
	}
	if got := f.netPaid(t, id).StringFixed(2); got != "1000.02" {
		t.Fatalf("net paid %s", got)
	}
	for _, who := range []string{superuser, admin} {
		refusal := verifiedPaymentRefusals[who]
		ta.Do(t, http.MethodPatch, f.records("session_payments")+"/"+pid, f.tok[who], map[string]any{"amount": 1}).Expect(t, refusal.status, refusal.field, refusal.code)
		ta.Do(t, http.MethodDelete, f.records("session_payments")+"/"+pid, f.tok[who], nil).Expect(t, refusal.status, refusal.field, refusal.code)
	}
	p, _ := f.app.FindRecordById("session_payments", pid)
	p.Set("amount", 1)
	if err := f.app.Save(p); err == nil {
		t.Fatal("Go code edited a verified payment")
	}
	if r := f.pay(t, coordinator, id, domain.PaymentRefund, "0.02", domain.PaymentVerified); r.Status != 200 {
		t.Fatalf("refund: %d %s", r.Status, r.Raw)
	}
	if got := f.netPaid(t, id).StringFixed(2); got != "1000.00" {
		t.Fatalf("net paid after refund %s", got)
	}
}

// TestSessionCodes: codes are S-YYYY-NNNNN, consecutive per year, unique
// under concurrent creation and never reused after a deletion.
func TestSessionCodes(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	first := ta.Session(t, f.app, f.client, nil)
	if first.GetString("code") != "S-2026-00001" {
		t.Fatalf("first code %s", first.GetString("code"))
	}
	done := make(chan string, 30)
	for i := 0; i < 30; i++ {
		go func(i int) {
			start := f.now.Add(time.Duration(100+i) * 24 * time.Hour)
			r := ta.Do(t, http.MethodPost, f.records("sessions"), f.tok[coordinator], map[string]any{
				"client": f.client.Id, "session_type": "Studio", "starts_at": start, "ends_at": start.Add(time.Hour)})
			code, _ := r.Body["code"].(string)
			done <- code
		}(i)
	}
	seen := map[string]bool{}
	for i := 0; i < 30; i++ {
		seen[<-done] = true
	}
	for n := 2; n <= 31; n++ {
		if code := "S-2026-" + pad(n); !seen[code] {
			t.Fatalf("missing %s among %v", code, seen)
		}
	}
	last, err := f.app.FindFirstRecordByData("sessions", "code", "S-2026-00031")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.app.Delete(last); err != nil {
		t.Fatal(err)
	}
	if next := ta.Session(t, f.app, f.client, nil); next.GetString("code") != "S-2026-00032" {
		t.Fatalf("after a deletion: %s", next.GetString("code"))
	}
	f.at(time.Date(2027, 1, 1, 6, 0, 1, 0, time.UTC)) // 00:00:01 in Guatemala
	if next := ta.Session(t, f.app, f.client, nil); next.GetString("code") != "S-2027-00001" {
		t.Fatalf("new year: %s", next.GetString("code"))
	}
}

func pad(n int) string {
	s := "0000" + string(rune('0'+n/10)) + string(rune('0'+n%10))
	return s[len(s)-5:]
}

// verifiedPaymentRefusals is how editing or deleting a Verified payment is
// refused: for an admin the update and delete rules only match Pending
// payments; the admin can see the payment, so the refusal is 403 FORBIDDEN;
// a superuser passes the rules and meets the model hook.
var verifiedPaymentRefusals = map[string]struct {
	status      int
	field, code string
}{
	admin:     {http.StatusForbidden, "rule", domain.CodeForbidden},
	superuser: {http.StatusBadRequest, "payment_status", domain.CodeValidation},
}
