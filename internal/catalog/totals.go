package catalog

import (
	"github.com/shopspring/decimal"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/money"
)

// Totals is a session's derived money.
type Totals struct {
	Subtotal, Total, DepositAmount decimal.Decimal
}

// ComputeTotals derives subtotal = Σ line subtotals and total = subtotal +
// transportation − discount; the deposit amount is total × percentage / 100.
// A negative total is refused (the discount is too large).
func ComputeTotals(lineSubtotals []decimal.Decimal, transportation, discount, depositPercentage decimal.Decimal) (Totals, error) {
	sub := decimal.Zero
	for _, s := range lineSubtotals {
		sub = sub.Add(s)
	}
	sub = money.Round(sub)
	total := money.Round(sub.Add(transportation).Sub(discount))
	if total.IsNegative() {
		return Totals{}, domain.Invalid("discount", "The discount (%s) is larger than the subtotal plus transportation (%s).",
			discount.StringFixed(2), sub.Add(transportation).StringFixed(2))
	}
	return Totals{Subtotal: sub, Total: total, DepositAmount: money.Percent(total, depositPercentage)}, nil
}

// DepositFollowsTotal reports whether a session in status still derives its
// deposit amount from its total. From Confirmed on, the deposit amount is
// the one the client paid against and stays as it was.
func DepositFollowsTotal(status string) bool {
	return status == domain.StatusRequest || status == domain.StatusNegotiation || status == domain.StatusPreScheduled
}
