package mirror

import (
	"fmt"
	"math/rand"
	"testing"

	"github.com/jackc/pgx/v5/pgtype"
	"github.com/shopspring/decimal"

	"github.com/studio/studio/internal/money"
)

// The fast path for stored cents gives exactly what money.FromStored
// reads, and other values fall back to the decimal path.
func TestMoneyConversionIsExact(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	values := []float64{0, 0.01, 0.1, 0.29, 1.005, 2.675, 999999999.99, 1e11, 123.456}
	for i := 0; i < 100000; i++ {
		values = append(values, float64(rng.Int63n(1e13))/100, rng.Float64()*1000)
	}
	for _, f := range values {
		v, err := convert(kMoney, f)
		if err != nil {
			t.Fatal(err)
		}
		n := v.(pgtype.Numeric)
		got := decimal.NewFromBigInt(n.Int, n.Exp)
		want := money.FromStored(f)
		if !got.Equal(want) {
			t.Fatalf("%v converted to %s, money.FromStored reads %s", f, got, want)
		}
	}
}

func TestConvertKinds(t *testing.T) {
	cases := []struct {
		k    kind
		in   any
		want string
	}{
		{kRef, "", "<nil>"},
		{kRef, "abc", "abc"},
		{kText, nil, ""},
		{kTime, "", "<nil>"},
		{kTime, "2026-03-01 06:00:00.000Z", "2026-03-01 06:00:00 +0000 UTC"},
		{kBool, int64(1), "true"},
		{kBool, int64(0), "false"},
		{kInt, float64(7), "7"},
		{kList, `["a","b"]`, "[a b]"},
		{kList, "", "[]"},
	}
	for _, c := range cases {
		v, err := convert(c.k, c.in)
		if err != nil {
			t.Fatalf("%v: %v", c.in, err)
		}
		if got := fmtValue(v); got != c.want {
			t.Errorf("kind %d of %#v = %s, want %s", c.k, c.in, got, c.want)
		}
	}
	if _, err := convert(kTime, "yesterday"); err == nil {
		t.Error("a malformed datetime was accepted")
	}
}

func fmtValue(v any) string { return fmt.Sprint(v) }
