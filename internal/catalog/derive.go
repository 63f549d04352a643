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
		// The index is named: statistics gathered while the table was small
		// (PocketBase's PRAGMA optimize) made SQLite walk every line instead.
		q := app.DB().NewQuery(`SELECT line_subtotal FROM ` + model.SessionLines + ` INDEXED BY idx_session_lines_session WHERE session = {:s}`)
		if err := q.Bind(dbx.Params{"s": s.Id}).Column(&stored); err != nil {
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
