package money

import (
	"math/big"
	"sort"

	"github.com/shopspring/decimal"
)

// Allocate splits total (rounded to cents) into one share per weight, in
// proportion to the weights, in whole cents, so that the shares sum exactly
// to total: every share gets the floor of its exact part and the cents left
// over go one each to the largest remainders (ties to the earlier weight).
// When every weight is zero (or there are no positive weights) the shares
// are equal. Negative weights count as zero.
func Allocate(total decimal.Decimal, weights []decimal.Decimal) []decimal.Decimal {
	n := len(weights)
	out := make([]decimal.Decimal, n)
	if n == 0 {
		return out
	}
	cents := Round(total).Shift(Cents).BigInt()
	scale := int32(0)
	for _, w := range weights {
		if e := -w.Exponent(); e > scale {
			scale = e
		}
	}
	ints := make([]*big.Int, n)
	sum := new(big.Int)
	for i, w := range weights {
		if w.IsNegative() {
			w = decimal.Zero
		}
		ints[i] = w.Shift(scale).BigInt()
		sum.Add(sum, ints[i])
	}
	if sum.Sign() == 0 {
		for i := range ints {
			ints[i] = big.NewInt(1)
		}
		sum.SetInt64(int64(n))
	}
	type part struct {
		i    int
		rem  *big.Int
		cent *big.Int
	}
	parts := make([]part, n)
	given := new(big.Int)
	for i := range ints {
		num := new(big.Int).Mul(cents, ints[i])
		q, r := new(big.Int).QuoRem(num, sum, new(big.Int))
		parts[i] = part{i: i, rem: r, cent: q}
		given.Add(given, q)
	}
	left := new(big.Int).Sub(cents, given).Int64()
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return parts[order[a]].rem.Cmp(parts[order[b]].rem) > 0 })
	for k := int64(0); k < left; k++ {
		p := &parts[order[k%int64(n)]]
		p.cent.Add(p.cent, big.NewInt(1))
	}
	for i, p := range parts {
		out[i] = decimal.NewFromBigInt(p.cent, -Cents)
	}
	return out
}
