package hooks

import (
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/shopspring/decimal"

	"github.com/studio/studio/internal/catalog"
	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/lifecycle"
	"github.com/studio/studio/internal/money"
	"github.com/studio/studio/internal/notify"
	"github.com/studio/studio/internal/settings"
)

// transitionFields are the session fields only a transition writes.
var transitionFields = []string{
	"payment_deadline", "changes_deadline", "canceled_at", "estimated_delivery_date",
	"assigned_editor", "cancellation_reason", "cancellation_initiator",
}

// derivedFields are recomputed by the backend on every save.
var derivedFields = []string{"code", "subtotal", "total", "deposit_amount"}

// registerSessionGuards keeps the session invariants on every path (REST,
// batch, dashboard, Go code, cron): a session is created in Request; its
// status and the fields a transition sets change only inside
// lifecycle.Transition; code, subtotal, total and deposit_amount are
// derived, whatever a caller wrote.
func registerSessionGuards(app core.App) {
	app.OnRecordCreate("sessions").BindFunc(func(e *core.RecordEvent) error {
		if !lifecycle.IsRetroactive(e.Context) {
			if err := notInPast(e.App, e.Record); err != nil {
				return err
			}
		}
		if !lifecycle.IsTransition(e.Context) {
			if s := e.Record.GetString("status"); s != domain.StatusRequest {
				return domain.Errorf(domain.CodeInvalidStateTransition, "A new session starts in Request, not %s.", s).
					On("status").With("to", s)
			}
			for _, f := range transitionFields {
				e.Record.Set(f, "")
			}
		}
		return e.Next()
	})

	app.OnRecordUpdate("sessions").BindFunc(func(e *core.RecordEvent) error {
		old := e.Record.Original()
		e.Record.Set("code", old.GetString("code"))
		if !old.GetDateTime("starts_at").Equal(e.Record.GetDateTime("starts_at")) && !lifecycle.Attended(old.GetString("status")) {
			if err := notInPast(e.App, e.Record); err != nil {
				return err
			}
		}
		if !lifecycle.IsTransition(e.Context) {
			if from, to := old.GetString("status"), e.Record.GetString("status"); from != to {
				return domain.Errorf(domain.CodeInvalidStateTransition,
					"The status changes only through a transition (POST /api/studio/sessions/%s/transitions).", e.Record.Id).
					With("from", from).With("to", to)
			}
			for _, f := range transitionFields {
				e.Record.Set(f, old.Get(f))
			}
		}
		changed, err := followDeliveryDate(e.App, e.Record)
		if err != nil {
			return err
		}
		if !changed {
			return e.Next()
		}
		return inTransaction(e, func(tx core.App) error {
			if err := e.Next(); err != nil {
				return err
			}
			return queueDeliveryEmail(tx, e.Record)
		})
	})

	app.OnRecordValidate("sessions").BindFunc(func(e *core.RecordEvent) error {
		if err := deriveTotals(e.App, e.Record); err != nil {
			return err
		}
		return e.Next()
	})
}

// notInPast refuses a session date before now (domain.md §4); only a
// retroactive entry (lifecycle.EnterRetroactive) creates a past session,
// and a session already Attended or later keeps its past date.
func notInPast(app core.App, r *core.Record) error {
	start := r.GetDateTime("starts_at").Time()
	if start.IsZero() || !start.Before(settings.Now(app)) {
		return nil
	}
	return domain.Errorf(domain.CodeInvalidSessionDate, "The session date %s is in the past.", start.UTC().Format("2006-01-02 15:04 MST")).
		On("starts_at").With("starts_at", start.UTC().Format("2006-01-02T15:04:05Z"))
}

// deriveTotals writes subtotal, total and (while it follows the total)
// deposit_amount from the stored lines.
func deriveTotals(app core.App, r *core.Record) error {
	var stored []float64
	if !r.IsNew() {
		if err := app.DB().Select("line_subtotal").From("session_lines").Where(dbx.HashExp{"session": r.Id}).Column(&stored); err != nil {
			return fmt.Errorf("lines of session %s: %w", r.Id, err)
		}
	}
	subs := make([]decimal.Decimal, len(stored))
	for i, s := range stored {
		subs[i] = money.FromStored(s)
	}
	transport := money.FromStored(r.GetFloat("transportation_cost"))
	if transport.IsPositive() && r.GetString("session_type") != domain.SessionTypeExternal {
		return domain.Invalid("transportation_cost", "Only External sessions carry a transportation cost.")
	}
	t, err := catalog.ComputeTotals(subs, transport, money.FromStored(r.GetFloat("discount")),
		decimal.NewFromFloat(r.GetFloat("deposit_percentage")))
	if err != nil {
		return err
	}
	r.Set("subtotal", money.ToStored(t.Subtotal))
	r.Set("total", money.ToStored(t.Total))
	if catalog.DepositFollowsTotal(r.GetString("status")) {
		r.Set("deposit_amount", money.ToStored(t.DepositAmount))
	}
	return nil
}

// followDeliveryDate recomputes estimated_delivery_date (once set) when the
// session's date or editing days change; it reports whether it moved.
func followDeliveryDate(app core.App, r *core.Record) (bool, error) {
	old := r.Original()
	if r.GetDateTime("estimated_delivery_date").IsZero() {
		return false, nil
	}
	if old.GetInt("estimated_editing_days") == r.GetInt("estimated_editing_days") && old.GetDateTime("starts_at").Equal(r.GetDateTime("starts_at")) {
		return false, nil
	}
	st, err := settings.Load(app)
	if err != nil {
		return false, err
	}
	d := lifecycle.DeliveryDate(r.GetDateTime("starts_at").Time(), r.GetInt("estimated_editing_days"), st.Location())
	moved := !d.Equal(r.GetDateTime("estimated_delivery_date").Time())
	r.Set("estimated_delivery_date", d)
	return moved, nil
}

// queueDeliveryEmail tells the client the new delivery date (domain.md §7).
func queueDeliveryEmail(app core.App, r *core.Record) error {
	client, err := app.FindRecordById("clients", r.GetString("client"))
	if err != nil {
		return fmt.Errorf("client of session %s: %w", r.Id, err)
	}
	return notify.Email(app, notify.EmailIntent{
		Template: notify.TemplateDeliveryDateChanged, Recipient: client.GetString("email"), Session: r.Id,
		Data: map[string]any{"session_code": r.GetString("code"), "client_name": client.GetString("full_name"),
			notify.DataDeliveryDate:         r.GetDateTime("estimated_delivery_date").String(),
			notify.DataPreviousDeliveryDate: r.Original().GetDateTime("estimated_delivery_date").String()},
	})
}
