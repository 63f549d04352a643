package payments

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/model"
)

// CheckDelete applies CheckRemoval to a payment about to be deleted,
// against its session's other payments read in tx (docs/rules.md §5.1.7).
func CheckDelete(tx core.App, p *model.SessionPayment) error {
	all, err := Load(tx, p.Session())
	if err != nil {
		return err
	}
	others := make([]Payment, 0, len(all))
	for _, o := range all {
		if o.ID != p.Id {
			others = append(others, o)
		}
	}
	return CheckRemoval(others, Of(p.Original()))
}

// CheckTotalLowered refuses a session save that lowers its total below
// what is paid or pending on it (WithinTotal, docs/rules.md §5.1.6), on the
// field that lowered it: discount, transportation_cost, or total when a
// line did (the lines hooks name the line's field).
func CheckTotalLowered(app core.App, s *model.Session) error {
	old := s.Original()
	if s.IsNew() || old == nil {
		return nil
	}
	total := s.Total()
	if !total.LessThan(model.AsSession(old).Total()) {
		return nil
	}
	ps, err := Load(app, s.Id)
	if err != nil {
		return err
	}
	field := "total"
	switch {
	case old.GetFloat("discount") != s.GetFloat("discount"):
		field = "discount"
	case old.GetFloat("transportation_cost") != s.GetFloat("transportation_cost"):
		field = "transportation_cost"
	}
	return WithinTotal(ps, total, field)
}
