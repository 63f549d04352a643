package lifecycle_test

import (
	"math/rand/v2"
	"net/http"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/shopspring/decimal"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/money"
	ta "github.com/studio/studio/internal/testapp"
)

// model is the independent decimal bookkeeping of one session.
type model struct {
	lines     map[string]decimal.Decimal // line id → subtotal
	itemLine  map[string]decimal.Decimal // item line id → unit price
	order     []string                   // line ids as created, so a run is reproducible
	discount  decimal.Decimal
	paid      decimal.Decimal
	deposited bool
}

func (m *model) subtotal() decimal.Decimal {
	s := decimal.Zero
	for _, v := range m.lines {
		s = s.Add(v)
	}
	return s
}

func (m *model) total() decimal.Decimal { return m.subtotal().Sub(m.discount) }

// add records a new line.
func (m *model) add(id string, subtotal decimal.Decimal) {
	m.lines[id] = subtotal
	m.order = append(m.order, id)
}

// oldest is the first line created that is still there and, with items,
// an item line ("" when there is none).
func (m *model) oldest(items bool) string {
	for _, id := range m.order {
		if _, ok := m.lines[id]; !ok {
			continue
		}
		if _, ok := m.itemLine[id]; ok || !items {
			return id
		}
	}
	return ""
}

func cents(r *rand.Rand, max int64) decimal.Decimal { return decimal.New(r.Int64N(max), -2) }

// TestRandomLineAndPaymentSequences: random sequences of line and payment
// operations through the API keep subtotal, total, deposit amount and net
// paid equal to an independent decimal computation, to the cent; a line
// change that would make the total negative (below the discount), and a
// payment, line change or discount that would make the net paid exceed the
// total, are refused and change nothing.
func TestRandomLineAndPaymentSequences(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	r := rand.New(rand.NewPCG(7, 11))
	for seq := 0; seq < 6; seq++ {
		id := f.newSession(t, f.now.Add(time.Duration(20+seq)*24*time.Hour), "", 0)
		m := &model{lines: map[string]decimal.Decimal{}, itemLine: map[string]decimal.Decimal{}}
		for op := 0; op < 30; op++ {
			applyRandomOp(t, f, r, id, m)
			s := f.session(t, id)
			total := m.total()
			if got := money.FromStored(s.GetFloat("subtotal")); !got.Equal(m.subtotal()) {
				t.Fatalf("seq %d op %d: subtotal %s, model %s", seq, op, got, m.subtotal())
			}
			if got := money.FromStored(s.GetFloat("total")); !got.Equal(total) {
				t.Fatalf("seq %d op %d: total %s, model %s", seq, op, got, total)
			}
			if got, want := money.FromStored(s.GetFloat("deposit_amount")), total.Mul(decimal.NewFromInt(50)).Div(decimal.NewFromInt(100)).Round(2); !got.Equal(want) {
				t.Fatalf("seq %d op %d: deposit %s, model %s", seq, op, got, want)
			}
			if got := f.netPaid(t, id); !got.Equal(m.paid) {
				t.Fatalf("seq %d op %d: net paid %s, model %s", seq, op, got, m.paid)
			}
		}
	}
}

func applyRandomOp(t *testing.T, f *fixture, r *rand.Rand, id string, m *model) {
	t.Helper()
	switch k := r.IntN(7); {
	case k == 0 || len(m.lines) == 0:
		price := cents(r, 500_000)
		qty := decimal.New(int64(1+r.IntN(40)), -1)
		item := ta.Item(t, f.app, map[string]any{"unit_price": price.InexactFloat64()})
		res := f.addLine(t, coordinator, id, map[string]any{"item": item.Id, "quantity": qty.String()})
		lid := res.Body["lines"].([]any)[0].(map[string]any)["id"].(string)
		m.add(lid, price.Mul(qty).Round(2))
		m.itemLine[lid] = price
	case k == 1:
		items := make([]*core.Record, 1+r.IntN(5))
		for i := range items {
			items[i] = ta.Item(t, f.app, map[string]any{"unit_price": cents(r, 300_000).InexactFloat64()})
		}
		base := cents(r, 100_000_001)
		pkg := ta.Package(t, f.app, map[string]any{"base_price": base.InexactFloat64()}, items...)
		qty := int64(1 + r.IntN(3))
		res := f.addLine(t, coordinator, id, map[string]any{"package": pkg.Id, "quantity": qty})
		sum := decimal.Zero
		for _, l := range res.Body["lines"].([]any) {
			lm := l.(map[string]any)
			sub := decimal.NewFromFloat(lm["line_subtotal"].(float64))
			m.add(lm["id"].(string), sub)
			sum = sum.Add(sub)
		}
		if want := base.Mul(decimal.NewFromInt(qty)); !sum.Equal(want) {
			t.Fatalf("package lines sum %s, want %s", sum, want)
		}
	case k == 2 && len(m.itemLine) > 0:
		if lid := m.oldest(true); lid != "" {
			price := m.itemLine[lid]
			qty := decimal.New(int64(1+r.IntN(40)), -1)
			sub := price.Mul(qty).Round(2)
			res := ta.Do(t, http.MethodPatch, f.records("session_lines")+"/"+lid, f.tok[coordinator], map[string]any{"quantity": qty.InexactFloat64()})
			after := m.total().Sub(m.lines[lid]).Add(sub)
			if accept := after.Sign() >= 0 && after.GreaterThanOrEqual(m.paid); accept != (res.Status == 200) {
				t.Fatalf("quantity (accept %v): %d %s", accept, res.Status, res.Raw)
			} else if !accept {
				res.Expect(t, http.StatusBadRequest, "discount", domain.CodeValidation)
			}
			if res.Status == 200 {
				m.lines[lid] = sub
			}
		}
	case k == 3:
		if lid := m.oldest(false); lid != "" {
			res := ta.Do(t, http.MethodDelete, f.records("session_lines")+"/"+lid, f.tok[coordinator], nil)
			after := m.total().Sub(m.lines[lid])
			if accept := after.Sign() >= 0 && after.GreaterThanOrEqual(m.paid); accept != (res.Status == 204) {
				t.Fatalf("delete (accept %v): %d %s", accept, res.Status, res.Raw)
			} else if !accept {
				res.Expect(t, http.StatusBadRequest, "discount", domain.CodeValidation)
			}
			if res.Status == 204 {
				delete(m.lines, lid)
				delete(m.itemLine, lid)
			}
		}
	case k == 4:
		d := decimal.Zero
		if sub := m.subtotal(); sub.IsPositive() {
			d = decimal.New(r.Int64N(sub.Shift(2).IntPart()/2+1), -2)
		}
		res := ta.Do(t, http.MethodPatch, f.records("sessions")+"/"+id, f.tok[coordinator], map[string]any{"discount": d.InexactFloat64()})
		if m.subtotal().Sub(d).LessThan(m.paid) {
			if res.Status != 422 || res.FieldCode("discount") != domain.CodePaymentExceedsTotal {
				t.Fatalf("discount below net paid: %d %s", res.Status, res.Raw)
			}
			return
		}
		if res.Status != 200 {
			t.Fatalf("discount: %d %s", res.Status, res.Raw)
		}
		m.discount = d
	default:
		kind := domain.PaymentBalance
		if !m.deposited {
			kind = domain.PaymentDeposit
		} else if r.IntN(3) == 0 && m.paid.IsPositive() {
			kind = domain.PaymentRefund
		}
		amt := cents(r, 300_000).Add(decimal.New(1, -2))
		if kind == domain.PaymentRefund && amt.GreaterThan(m.paid) {
			amt = m.paid
		}
		res := f.pay(t, coordinator, id, kind, amt.String(), domain.PaymentVerified)
		accept := kind == domain.PaymentRefund || m.paid.Add(amt).LessThanOrEqual(m.total())
		if accept != (res.Status == 200) {
			t.Fatalf("%s of %s with paid %s total %s: %d %s", kind, amt, m.paid, m.total(), res.Status, res.Raw)
		}
		if !accept {
			res.Expect(t, http.StatusUnprocessableEntity, "amount", domain.CodePaymentExceedsTotal)
			return
		}
		if kind == domain.PaymentRefund {
			m.paid = m.paid.Sub(amt)
		} else {
			m.paid = m.paid.Add(amt)
		}
		m.deposited = true
	}
}
