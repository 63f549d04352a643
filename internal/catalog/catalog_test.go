package catalog

import (
	"errors"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/studio/studio/internal/domain"
)

// TestExplodeProperty: random packages of 1–10 items with random prices and
// quantities and base prices from 0 to 10^6 explode into lines that sum
// exactly to base price × quantity, keep the catalog unit price, and
// multiply the item quantities.
func TestExplodeProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for n := 0; n < 3000; n++ {
		items := make([]PackageItem, 1+r.IntN(10))
		for i := range items {
			items[i] = PackageItem{Item: Item{Code: "I", UnitPrice: decimal.New(r.Int64N(500_000), -2)},
				Quantity: decimal.New(1+r.Int64N(2000), -2)}
		}
		base := decimal.New(r.Int64N(100_000_001), -2)
		qty := decimal.NewFromInt(1 + r.Int64N(5))
		lines := Explode(base, qty, items)
		sum := decimal.Zero
		for i, l := range lines {
			sum = sum.Add(l.Subtotal)
			if !l.UnitPrice.Equal(items[i].UnitPrice) || !l.Quantity.Equal(items[i].Quantity.Mul(qty)) {
				t.Fatalf("line %d: %+v", i, l)
			}
		}
		if !sum.Equal(base.Mul(qty)) {
			t.Fatalf("lines sum %v, want %v", sum, base.Mul(qty))
		}
	}
}

func TestTotals(t *testing.T) {
	subs := []decimal.Decimal{decimal.RequireFromString("0.10"), decimal.RequireFromString("0.20")}
	got, err := ComputeTotals(subs, decimal.RequireFromString("200"), decimal.RequireFromString("0.05"), decimal.NewFromInt(50))
	if err != nil || !got.Subtotal.Equal(decimal.RequireFromString("0.30")) || !got.Total.Equal(decimal.RequireFromString("200.25")) ||
		!got.DepositAmount.Equal(decimal.RequireFromString("100.13")) {
		t.Fatalf("%+v %v", got, err)
	}
	if _, err := ComputeTotals(subs, decimal.Zero, decimal.NewFromInt(1), decimal.Zero); err == nil {
		t.Fatal("a negative total must be refused")
	}
}

func TestChange(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	code := func(err error) string {
		var de *domain.Error
		if errors.As(err, &de) {
			return de.ErrCode
		}
		return ""
	}
	cases := []struct {
		status   string
		deadline time.Time
		editAll  bool
		audit    bool
		code     string
	}{
		{domain.StatusRequest, time.Time{}, false, false, ""},
		{domain.StatusPreScheduled, time.Time{}, false, false, ""},
		{domain.StatusConfirmed, now.Add(time.Second), false, false, ""},
		{domain.StatusConfirmed, now.Add(-time.Second), false, false, domain.CodeChangesDeadlineExpired},
		{domain.StatusConfirmed, now.Add(-time.Second), true, true, ""},
		{domain.StatusAssigned, time.Time{}, false, false, domain.CodeImmutableSession},
		{domain.StatusCompleted, time.Time{}, true, true, ""},
	}
	for _, c := range cases {
		audit, err := Change(c.status, c.deadline, now, c.editAll)
		if audit != c.audit || code(err) != c.code {
			t.Errorf("%s deadline %v editAll %v: audit %v err %v", c.status, c.deadline, c.editAll, audit, err)
		}
	}
}
