package payments

import (
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/studio/studio/internal/domain"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func errCode(err error) string {
	var de *domain.Error
	if errors.As(err, &de) {
		return de.ErrCode
	}
	return ""
}

// TestRefundMatrix: one case per row of docs/rules.md §5.3 (both sides of the
// changes deadline and every initiator where the row says "any").
func TestRefundMatrix(t *testing.T) {
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	pol := Policy{WithinDeadline: d("100"), AfterDeadline: d("50"), ForceMajeure: d("100"), ClientAfterAssigned: d("0")}
	paid := d("333.33")
	cases := []struct {
		status, initiator string
		deadline          time.Time
		amount, rule      string
	}{
		{domain.StatusRequest, domain.InitiatorClient, time.Time{}, "333.33", RuleBeforeConfirmation},
		{domain.StatusNegotiation, domain.InitiatorCompany, time.Time{}, "333.33", RuleBeforeConfirmation},
		{domain.StatusPreScheduled, domain.InitiatorSystem, time.Time{}, "333.33", RuleBeforeConfirmation},
		{domain.StatusConfirmed, domain.InitiatorClient, now, "333.33", RuleWithinDeadline},
		{domain.StatusConfirmed, domain.InitiatorClient, now.Add(-time.Second), "166.67", RuleAfterDeadline},
		{domain.StatusConfirmed, domain.InitiatorCompany, now.Add(-time.Second), "333.33", RuleForceMajeure},
		{domain.StatusConfirmed, domain.InitiatorForceMajeure, now, "333.33", RuleForceMajeure},
		{domain.StatusAssigned, domain.InitiatorCompany, now.Add(-time.Hour), "333.33", RuleForceMajeure},
		{domain.StatusAssigned, domain.InitiatorForceMajeure, now.Add(-time.Hour), "333.33", RuleForceMajeure},
		{domain.StatusAssigned, domain.InitiatorClient, now.Add(-time.Hour), "0", RuleClientAfterAssigned},
		{domain.StatusAttended, domain.InitiatorCompany, now.Add(-time.Hour), "0", RuleAfterAttended},
		{domain.StatusInEditing, domain.InitiatorForceMajeure, now.Add(-time.Hour), "0", RuleAfterAttended},
		{domain.StatusReadyForDelivery, domain.InitiatorClient, now.Add(-time.Hour), "0", RuleAfterAttended},
	}
	for _, c := range cases {
		got := RefundFor(c.status, c.initiator, now, c.deadline, paid, pol)
		if !got.Amount.Equal(d(c.amount)) || got.Rule != c.rule {
			t.Errorf("%s by %s: %v %s, want %s %s", c.status, c.initiator, got.Amount, got.Rule, c.amount, c.rule)
		}
	}
}

func TestCheck(t *testing.T) {
	dep := Payment{ID: "d", Type: domain.PaymentDeposit, Status: domain.PaymentVerified, Amount: d("500")}
	total, depAmt := d("1000"), d("500")
	cases := []struct {
		name   string
		others []Payment
		p      Payment
		split  string
		code   string
	}{
		{"deposit", nil, Payment{Type: domain.PaymentDeposit, Status: domain.PaymentPending, Amount: d("500")}, "0", ""},
		{"deposit split", nil, Payment{Type: domain.PaymentDeposit, Status: domain.PaymentVerified, Amount: d("700.01")}, "200.01", ""},
		{"second deposit", []Payment{dep}, Payment{Type: domain.PaymentDeposit, Status: domain.PaymentPending, Amount: d("1")}, "0", domain.CodeValidation},
		{"second deposit after rejected", []Payment{{Type: domain.PaymentDeposit, Status: domain.PaymentRejected, Amount: d("5")}}, Payment{Type: domain.PaymentDeposit, Status: domain.PaymentPending, Amount: d("1")}, "0", ""},
		{"balance first", nil, Payment{Type: domain.PaymentBalance, Status: domain.PaymentPending, Amount: d("1")}, "0", domain.CodeValidation},
		{"balance to total", []Payment{dep}, Payment{Type: domain.PaymentBalance, Status: domain.PaymentPending, Amount: d("500")}, "0", ""},
		{"balance over total", []Payment{dep}, Payment{Type: domain.PaymentBalance, Status: domain.PaymentPending, Amount: d("500.01")}, "0", domain.CodePaymentExceedsTotal},
		{"refund of nothing", nil, Payment{Type: domain.PaymentRefund, Status: domain.PaymentVerified, Amount: d("1")}, "0", domain.CodeValidation},
		{"refund above paid", []Payment{dep}, Payment{Type: domain.PaymentRefund, Status: domain.PaymentVerified, Amount: d("500.01")}, "0", domain.CodeValidation},
		{"refund", []Payment{dep}, Payment{Type: domain.PaymentRefund, Status: domain.PaymentVerified, Amount: d("500")}, "0", ""},
	}
	for _, c := range cases {
		split, err := Check(c.others, c.p, total, depAmt)
		if errCode(err) != c.code || !split.Equal(d(c.split)) {
			t.Errorf("%s: split %v err %v", c.name, split, err)
		}
	}
	if !NetPaid([]Payment{dep, {Type: domain.PaymentRefund, Status: domain.PaymentVerified, Amount: d("0.01")}, {Type: domain.PaymentBalance, Status: domain.PaymentPending, Amount: d("9")}}).Equal(d("499.99")) {
		t.Fatal("net paid counts verified deposits and balances minus refunds")
	}
}

func TestPaidAmounts(t *testing.T) {
	d := decimal.RequireFromString
	ps := []Payment{
		{Type: domain.PaymentDeposit, Status: domain.PaymentVerified, Amount: d("500.00")},
		{Type: domain.PaymentBalance, Status: domain.PaymentVerified, Amount: d("250.50")},
		{Type: domain.PaymentBalance, Status: domain.PaymentPending, Amount: d("99.00")},
		{Type: domain.PaymentBalance, Status: domain.PaymentRejected, Amount: d("10.00")},
		{Type: domain.PaymentRefund, Status: domain.PaymentVerified, Amount: d("375.25")},
	}
	if got := PaidBeforeRefunds(ps); !got.Equal(d("750.50")) {
		t.Errorf("paid before refunds %s, want 750.50", got)
	}
	if got := NetPaid(ps); !got.Equal(d("375.25")) {
		t.Errorf("net paid %s, want 375.25", got)
	}
}
