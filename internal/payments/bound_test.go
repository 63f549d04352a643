package payments

import (
	"testing"

	"github.com/studio/studio/internal/domain"
)

func TestMostPaidAndWithinTotal(t *testing.T) {
	p := func(kind, status, amount string) Payment {
		return Payment{Type: kind, Status: status, Amount: d(amount)}
	}
	cases := []struct {
		name  string
		ps    []Payment
		most  string
		total string
		code  string
	}{
		{"pending refund makes no room", []Payment{
			p(domain.PaymentDeposit, domain.PaymentVerified, "500"), p(domain.PaymentRefund, domain.PaymentPending, "500"),
			p(domain.PaymentBalance, domain.PaymentVerified, "1000")}, "1500.00", "1000", domain.CodePaymentExceedsTotal},
		{"verified refund does", []Payment{
			p(domain.PaymentDeposit, domain.PaymentVerified, "500"), p(domain.PaymentRefund, domain.PaymentVerified, "500"),
			p(domain.PaymentBalance, domain.PaymentVerified, "1000")}, "1000.00", "1000", ""},
		{"pending payments count", []Payment{
			p(domain.PaymentDeposit, domain.PaymentPending, "500"), p(domain.PaymentBalance, domain.PaymentPending, "400.01")}, "900.01", "900", domain.CodePaymentExceedsTotal},
		{"rejected ones do not", []Payment{
			p(domain.PaymentDeposit, domain.PaymentVerified, "0.01"), p(domain.PaymentBalance, domain.PaymentRejected, "999")}, "0.01", "0.01", ""},
	}
	for _, c := range cases {
		if got := MostPaid(c.ps); got.StringFixed(2) != c.most {
			t.Errorf("%s: most paid %s, want %s", c.name, got.StringFixed(2), c.most)
		}
		if got := errCode(WithinTotal(c.ps, d(c.total), "discount")); got != c.code {
			t.Errorf("%s: %q, want %q", c.name, got, c.code)
		}
	}
}

func TestDepositUnderBalance(t *testing.T) {
	dep := Payment{Type: domain.PaymentDeposit, Status: domain.PaymentPending, Amount: d("500")}
	bal := Payment{Type: domain.PaymentBalance, Status: domain.PaymentPending, Amount: d("100")}
	if errCode(CheckRemoval([]Payment{bal}, dep)) != domain.CodeValidation {
		t.Error("the deposit under a balance was removable")
	}
	if err := CheckRemoval(nil, dep); err != nil {
		t.Errorf("a lone deposit: %v", err)
	}
	rejected := dep
	rejected.Status = domain.PaymentRejected
	if _, err := Check([]Payment{bal}, rejected, d("1000"), d("500")); errCode(err) != domain.CodeValidation {
		t.Errorf("rejecting the deposit under a balance: %v", err)
	}
}
