package reports

import (
	"encoding/json"
	"time"

	"github.com/shopspring/decimal"

	"github.com/studio/studio/internal/money"
)

// Money is an exact amount that renders with two decimals ("1250.00").
type Money struct{ decimal.Decimal }

// MoneyOf wraps an amount, rounded to cents.
func MoneyOf(d decimal.Decimal) Money { return Money{money.Round(d)} }

// String is the amount with two decimals.
func (m Money) String() string { return m.StringFixed(2) }

// MarshalJSON renders the amount as a JSON string with two decimals, so
// no client reads it as a float.
func (m Money) MarshalJSON() ([]byte, error) { return json.Marshal(m.String()) }

// Figure is a derived number with two decimals (a rate in percent, an
// average in days); Valid is false when it has no denominator (no
// sessions), and it then renders as null.
type Figure struct {
	Value decimal.Decimal
	Valid bool
}

// RateOf is part / whole in percent, rounded to two decimals half away
// from zero; a zero whole gives an invalid (null) rate.
func RateOf(part, whole int) Figure {
	if whole == 0 {
		return Figure{}
	}
	return Figure{Value: decimal.NewFromInt(int64(part)).Mul(decimal.NewFromInt(100)).Div(decimal.NewFromInt(int64(whole))).Round(2), Valid: true}
}

// String is the figure with two decimals, or "" when invalid.
func (r Figure) String() string {
	if !r.Valid {
		return ""
	}
	return r.Value.StringFixed(2)
}

// MarshalJSON renders the figure as a string with two decimals, or null.
func (r Figure) MarshalJSON() ([]byte, error) {
	if !r.Valid {
		return []byte("null"), nil
	}
	return json.Marshal(r.String())
}

// daysOf averages durations in days, rounded to two decimals.
func daysOf(total time.Duration, n int) Figure {
	if n == 0 {
		return Figure{}
	}
	d := decimal.NewFromInt(int64(total / time.Second)).Div(decimal.NewFromInt(int64(n) * 86400)).Round(2)
	return Figure{Value: d, Valid: true}
}

// hoursOf is a duration in hours with two decimals.
func hoursOf(total time.Duration) decimal.Decimal {
	return decimal.NewFromInt(int64(total / time.Second)).Div(decimal.NewFromInt(3600)).Round(2)
}
