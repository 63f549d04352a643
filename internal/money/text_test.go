package money

import (
	"encoding/json"
	"errors"
	"testing"
)

func TestTextTakesNumbersAndStrings(t *testing.T) {
	cases := []struct{ raw, want string }{
		{`975`, "975.00"},
		{`"975"`, "975.00"},
		{`975.5`, "975.50"},
		{`"0.07"`, "0.07"},
		{`1234567890123.45`, "1234567890123.45"},
		{`0.1`, "0.10"},
		{`1e2`, "100.00"},
	}
	for _, c := range cases {
		var v struct {
			Amount Text `json:"amount"`
		}
		if err := json.Unmarshal([]byte(`{"amount":`+c.raw+`}`), &v); err != nil {
			t.Fatalf("%s: %v", c.raw, err)
		}
		d, err := v.Amount.Decimal()
		if err != nil || d.StringFixed(2) != c.want {
			t.Errorf("%s: %v %v, want %s", c.raw, d, err, c.want)
		}
	}
	for _, raw := range []string{`true`, `{}`, `[1]`} {
		var v struct {
			Amount Text `json:"amount"`
		}
		if err := json.Unmarshal([]byte(`{"amount":`+raw+`}`), &v); !errors.Is(err, ErrNotAmountText) {
			t.Errorf("%s: %v, want ErrNotAmountText", raw, err)
		}
	}
	for _, raw := range []string{`"1,250.50"`, `975.123`, `-5`, `"abc"`, `""`} {
		var v struct {
			Amount Text `json:"amount"`
		}
		if err := json.Unmarshal([]byte(`{"amount":`+raw+`}`), &v); err != nil {
			t.Fatalf("%s: %v", raw, err)
		}
		if d, err := v.Amount.Decimal(); err == nil {
			t.Errorf("%s parsed as %v", raw, d)
		}
	}
}
