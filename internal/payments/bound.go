package payments

import (
	"github.com/shopspring/decimal"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/money"
)

// MostPaid is the highest net paid the session can reach from its
// payments: Deposits and Balances that stand (Pending ones may be verified
// at any time) minus only the Refunds already Verified (a Pending refund
// may still be rejected or deleted). Net paid never exceeds it, whatever
// happens to the pending payments.
func MostPaid(ps []Payment) decimal.Decimal {
	sum := decimal.Zero
	for _, p := range ps {
		switch {
		case p.Type == domain.PaymentRefund && p.Status == domain.PaymentVerified:
			sum = sum.Sub(p.Amount)
		case p.Type != domain.PaymentRefund && p.counts():
			sum = sum.Add(p.Amount)
		}
	}
	return money.Round(sum)
}

// WithinTotal is the rule "net paid ≤ total" of docs/rules.md §5.1.6 as every
// write checks it: a payment written, a pending refund removed, a discount,
// a transportation cost or a line changed. It holds when MostPaid(ps) is
// at most total; otherwise it answers PAYMENT_EXCEEDS_TOTAL on field.
func WithinTotal(ps []Payment, total decimal.Decimal, field string) error {
	paid := MostPaid(ps)
	if !paid.GreaterThan(total) {
		return nil
	}
	return domain.Errorf(domain.CodePaymentExceedsTotal,
		"%s is paid or pending on this session, above its total of %s.", paid.StringFixed(2), total.StringFixed(2)).
		On(field).With("total", total.StringFixed(2)).With("paid", paid.StringFixed(2))
}

// CheckRemoval refuses to remove (delete, or reject) a payment that a
// standing Balance or Refund depends on: the session's only standing
// Deposit, or a Deposit or Balance the standing Refunds need.
// others are the session's payments without the removed one.
func CheckRemoval(others []Payment, removed Payment) error {
	if removed.Type == domain.PaymentRefund || !removed.counts() {
		return nil
	}
	return balanceNeedsDeposit(others)
}

// balanceNeedsDeposit answers a validation error when a Balance stands in
// ps without a standing Deposit, or the standing Refunds of ps exceed its
// standing Deposits and Balances.
func balanceNeedsDeposit(ps []Payment) error {
	deposit, balance := false, false
	for _, p := range ps {
		if !p.counts() {
			continue
		}
		deposit = deposit || p.Type == domain.PaymentDeposit
		balance = balance || p.Type == domain.PaymentBalance
	}
	if balance && !deposit {
		return domain.Invalid("payment_type", "A balance stands on this deposit; remove or reject the balance first.")
	}
	if Committed(ps).IsNegative() {
		return domain.Invalid("payment_type", "A refund stands on this payment; remove or reject the refund first.")
	}
	return nil
}
