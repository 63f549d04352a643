package money

import (
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestAllocateExamples(t *testing.T) {
	cases := []struct {
		total   string
		weights []string
		want    []string
	}{
		{"100", []string{"1", "1", "1"}, []string{"33.34", "33.33", "33.33"}},
		{"850", []string{"450", "120"}, []string{"671.05", "178.95"}},
		{"10", []string{"0", "0"}, []string{"5.00", "5.00"}},
		{"0.01", []string{"1", "2"}, []string{"0.00", "0.01"}},
		{"0", []string{"5", "7"}, []string{"0.00", "0.00"}},
	}
	for _, c := range cases {
		ws := make([]decimal.Decimal, len(c.weights))
		for i, w := range c.weights {
			ws[i] = d(w)
		}
		got := Allocate(d(c.total), ws)
		for i := range got {
			if !got[i].Equal(d(c.want[i])) {
				t.Fatalf("Allocate(%s, %v) = %v, want %v", c.total, c.weights, got, c.want)
			}
		}
	}
}

// TestAllocateProperty: for random totals 0..10^6 and 1–10 weights the
// shares sum exactly, are whole cents, and each is within a cent of its
// exact proportional part.
func TestAllocateProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 5000; n++ {
		total := decimal.New(r.Int64N(100_000_001), -2)
		ws := make([]decimal.Decimal, 1+r.IntN(10))
		sum := decimal.Zero
		for i := range ws {
			if r.IntN(5) > 0 {
				ws[i] = decimal.New(r.Int64N(1_000_000), -2).Mul(decimal.New(1+r.Int64N(1000), -2))
			}
			sum = sum.Add(ws[i])
		}
		got := Allocate(total, ws)
		acc := decimal.Zero
		for i, g := range got {
			acc = acc.Add(g)
			if !g.Equal(g.Round(2)) || g.IsNegative() {
				t.Fatalf("share %v not whole non-negative cents", g)
			}
			if sum.IsPositive() {
				exact := total.Mul(ws[i]).DivRound(sum, 10)
				if g.Sub(exact).Abs().GreaterThanOrEqual(d("0.01")) {
					t.Fatalf("share %v too far from %v", g, exact)
				}
			}
		}
		if !acc.Equal(total) {
			t.Fatalf("shares %v of %v sum to %v", got, total, acc)
		}
	}
}
