package catalog

import (
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/shopspring/decimal"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/model"
	"github.com/studio/studio/internal/money"
)

// DeriveTotals writes the session's subtotal, total and (while it follows
// the total) deposit_amount from its stored lines, refusing a
// transportation cost on a session that is not External.
func DeriveTotals(app core.App, s *model.Session) error {
	var stored []float64
	if !s.IsNew() {
		if err := app.DB().Select("line_subtotal").From(model.SessionLines).Where(dbx.HashExp{"session": s.Id}).Column(&stored); err != nil {
			return fmt.Errorf("lines of session %s: %w", s.Id, err)
		}
	}
	subs := make([]decimal.Decimal, len(stored))
	for i, v := range stored {
		subs[i] = money.FromStored(v)
	}
	transport := money.FromStored(s.GetFloat("transportation_cost"))
	if transport.IsPositive() && s.SessionType() != domain.SessionTypeExternal {
		return domain.Invalid("transportation_cost", "Only External sessions carry a transportation cost.")
	}
	t, err := ComputeTotals(subs, transport, money.FromStored(s.GetFloat("discount")),
		decimal.NewFromFloat(s.GetFloat("deposit_percentage")))
	if err != nil {
		return err
	}
	s.Set("subtotal", money.ToStored(t.Subtotal))
	s.Set("total", money.ToStored(t.Total))
	if DepositFollowsTotal(s.Status()) {
		s.Set("deposit_amount", money.ToStored(t.DepositAmount))
	}
	return nil
}
