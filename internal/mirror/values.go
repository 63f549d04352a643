package mirror

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"strconv"

	"github.com/jackc/pgx/v5/pgtype"
	"github.com/shopspring/decimal"

	"github.com/studio/studio/internal/money"
	"github.com/studio/studio/internal/schedule"
)

// convert turns a value read from SQLite into the PostgreSQL value of the
// column's kind.
func convert(k kind, v any) (any, error) {
	switch k {
	case kText:
		return text(v), nil
	case kRef:
		if s := text(v); s != "" {
			return s, nil
		}
		return nil, nil
	case kTime:
		s := text(v)
		if s == "" {
			return nil, nil
		}
		t := schedule.ParseDBTime(s)
		if t.IsZero() {
			return nil, fmt.Errorf("%q is not a datetime", s)
		}
		return t, nil
	case kMoney:
		if f, ok := v.(float64); ok {
			if n, ok := cents(f); ok {
				return n, nil
			}
		}
		d, err := number(v)
		if err != nil {
			return nil, err
		}
		return numeric(money.Round(d)), nil
	case kInt:
		d, err := number(v)
		if err != nil {
			return nil, err
		}
		return d.IntPart(), nil
	case kBool:
		switch b := v.(type) {
		case bool:
			return b, nil
		case int64:
			return b != 0, nil
		case nil:
			return false, nil
		default:
			s := text(v)
			return s == "1" || s == "true", nil
		}
	case kList:
		s := text(v)
		out := []string{}
		if s == "" {
			return out, nil
		}
		if err := json.Unmarshal([]byte(s), &out); err != nil {
			return nil, fmt.Errorf("%q is not a JSON list: %w", s, err)
		}
		return out, nil
	}
	return nil, fmt.Errorf("unknown column kind %d", k)
}

func text(v any) string {
	switch s := v.(type) {
	case nil:
		return ""
	case string:
		return s
	case []byte:
		return string(s)
	default:
		return fmt.Sprint(s)
	}
}

// number reads a SQLite number: REAL values are the amounts PocketBase
// wrote, read back exactly as money.FromStored does.
func number(v any) (decimal.Decimal, error) {
	switch n := v.(type) {
	case nil:
		return decimal.Zero, nil
	case int64:
		return decimal.NewFromInt(n), nil
	case float64:
		return decimal.NewFromFloat(n), nil
	default:
		s := text(v)
		if s == "" {
			return decimal.Zero, nil
		}
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return decimal.NewFromFloat(f), nil
		}
		return decimal.Zero, fmt.Errorf("%q is not a number", s)
	}
}

// cents is the fast path of a stored amount: when f is exactly the double
// nearest to a whole number of cents, that number is the amount
// money.FromStored reads; other values take the decimal path.
func cents(f float64) (pgtype.Numeric, bool) {
	c := math.Round(f * 100)
	if math.Abs(c) > 1e15 || c/100 != f {
		return pgtype.Numeric{}, false
	}
	return pgtype.Numeric{Int: big.NewInt(int64(c)), Exp: -2, Valid: true}, true
}

// numeric is the pgx value of an exact decimal.
func numeric(d decimal.Decimal) pgtype.Numeric {
	return pgtype.Numeric{Int: new(big.Int).Set(d.Coefficient()), Exp: d.Exponent(), Valid: true}
}
