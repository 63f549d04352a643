// Package payments holds the money rules of docs/rules.md §5: what payments a
// session may take (one deposit, balances after it, refunds only of what
// was paid, never more than the total), the split of an oversized deposit,
// and the refund matrix of a cancellation. The rules are pure functions;
// store.go reads payments from the database.
package payments

import (
	"github.com/shopspring/decimal"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/money"
)

// Payment is a stored or proposed payment.
type Payment struct {
	ID, Type, Status string
	Amount           decimal.Decimal
}

// counts reports whether a payment still stands (Pending or Verified).
func (p Payment) counts() bool { return p.Status != domain.PaymentRejected }

func signed(p Payment) decimal.Decimal {
	if p.Type == domain.PaymentRefund {
		return p.Amount.Neg()
	}
	return p.Amount
}

// NetPaid is verified Deposit + Balance − Refund.
func NetPaid(ps []Payment) decimal.Decimal {
	sum := decimal.Zero
	for _, p := range ps {
		if p.Status == domain.PaymentVerified {
			sum = sum.Add(signed(p))
		}
	}
	return money.Round(sum)
}

// Committed is the net of every payment still standing, Pending included:
// what net paid becomes once the pending ones are verified.
func Committed(ps []Payment) decimal.Decimal {
	sum := decimal.Zero
	for _, p := range ps {
		if p.counts() {
			sum = sum.Add(signed(p))
		}
	}
	return money.Round(sum)
}

// PaidBeforeRefunds is verified Deposit + Balance: what the client paid,
// before any refund (the base a cancellation's refund percentage applies to).
func PaidBeforeRefunds(ps []Payment) decimal.Decimal {
	sum := decimal.Zero
	for _, p := range ps {
		if p.Status == domain.PaymentVerified && p.Type != domain.PaymentRefund {
			sum = sum.Add(p.Amount)
		}
	}
	return money.Round(sum)
}

// VerifiedDeposit is the sum of the verified deposits.
func VerifiedDeposit(ps []Payment) decimal.Decimal {
	sum := decimal.Zero
	for _, p := range ps {
		if p.Type == domain.PaymentDeposit && p.Status == domain.PaymentVerified {
			sum = sum.Add(p.Amount)
		}
	}
	return sum
}

// Check validates a new or changed payment p against the session's other
// payments (others excludes p) and its total and deposit amount. It answers
// the amount that must be split off into a Balance when p is a deposit
// above the deposit amount (zero otherwise); p's own amount is then the
// deposit amount.
//
// Rules: one standing Deposit per session; a Balance only after a standing
// Deposit; a Refund only where a Deposit or Balance stands and never more
// than what stands; no Balance left standing without a Deposit (so a
// Deposit under a Balance is not rejected); a Verified Refund at most the
// verified net paid of the others (net paid never below zero); WithinTotal over every payment,
// this one included (PAYMENT_EXCEEDS_TOTAL).
func Check(others []Payment, p Payment, total, depositAmount decimal.Decimal) (split decimal.Decimal, err error) {
	if !p.Amount.IsPositive() {
		return decimal.Zero, domain.Invalid("amount", "A payment amount must be greater than zero.")
	}
	if !p.counts() {
		return decimal.Zero, balanceNeedsDeposit(others)
	}
	hasDeposit, hasPaid := false, false
	for _, o := range others {
		if !o.counts() {
			continue
		}
		if o.Type == domain.PaymentDeposit {
			hasDeposit = true
		}
		if o.Type != domain.PaymentRefund {
			hasPaid = true
		}
	}
	committed := Committed(others)
	all := append(append([]Payment{}, others...), p)
	switch p.Type {
	case domain.PaymentDeposit:
		if hasDeposit {
			return decimal.Zero, domain.Invalid("payment_type", "This session already has a deposit; record a Balance instead.")
		}
		if depositAmount.IsPositive() && p.Amount.GreaterThan(depositAmount) {
			split = p.Amount.Sub(depositAmount)
		}
	case domain.PaymentBalance:
		if !hasDeposit {
			return decimal.Zero, domain.Invalid("payment_type", "A balance can only be recorded after the deposit.")
		}
	case domain.PaymentRefund:
		if !hasPaid {
			return decimal.Zero, domain.Invalid("payment_type", "Nothing was paid on this session, so nothing can be refunded.")
		}
		if p.Amount.GreaterThan(committed) {
			return decimal.Zero, domain.Invalid("amount", "The refund (%s) is more than what was paid (%s).",
				p.Amount.StringFixed(2), committed.StringFixed(2))
		}
		if verified := NetPaid(others); p.Status == domain.PaymentVerified && p.Amount.GreaterThan(verified) {
			return decimal.Zero, domain.Invalid("amount", "A verified refund (%s) is more than the verified net paid (%s); verify the payments first.",
				p.Amount.StringFixed(2), verified.StringFixed(2))
		}
		return decimal.Zero, balanceNeedsDeposit(all)
	}
	if err := balanceNeedsDeposit(all); err != nil {
		return decimal.Zero, err
	}
	if err := WithinTotal(all, total, "amount"); err != nil {
		return decimal.Zero, err
	}
	return split, nil
}
