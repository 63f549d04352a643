// Package money does the studio's exact decimal arithmetic: amounts are
// shopspring decimals rounded to cents half away from zero, and are stored
// in PocketBase number fields only at the edges.
package money

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// Cents is the number of decimal places of every amount.
const Cents = 2

// Round rounds to cents, half away from zero.
func Round(d decimal.Decimal) decimal.Decimal { return d.Round(Cents) }

// FromStored reads an amount stored in a number field. The shortest decimal
// that round-trips the float is the amount that was written (for amounts
// below 10^13), so no cent is lost on the way through the database.
func FromStored(f float64) decimal.Decimal { return Round(decimal.NewFromFloat(f)) }

// ToStored is the value to write into a number field.
func ToStored(d decimal.Decimal) float64 { return Round(d).InexactFloat64() }

// Parse reads an amount given as text ("1250", "1250.5", "1,250.50" is
// refused) and rejects more than two decimals or a negative value.
func Parse(s string) (decimal.Decimal, error) {
	d, err := decimal.NewFromString(strings.TrimSpace(s))
	if err != nil {
		return decimal.Zero, fmt.Errorf("%q is not an amount", s)
	}
	if d.Exponent() < -Cents && !d.Equal(Round(d)) {
		return decimal.Zero, fmt.Errorf("%q has more than two decimals", s)
	}
	if d.IsNegative() {
		return decimal.Zero, fmt.Errorf("%q is negative", s)
	}
	return Round(d), nil
}

// Percent is amount × pct / 100, rounded to cents.
func Percent(amount, pct decimal.Decimal) decimal.Decimal {
	return Round(amount.Mul(pct).Div(decimal.NewFromInt(100)))
}
