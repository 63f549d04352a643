package hooks

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/shopspring/decimal"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/money"
	"github.com/studio/studio/internal/payments"
)

// registerSessionPayments defaults a new payment to Pending and enforces
// §5.1 on every path: the payment rules against the session's other
// payments and total (checked in the write's transaction), the split of a deposit above deposit_amount into a
// Deposit and a Balance with the same document number, and verified
// payments that are never edited or deleted. Through the API,
// registered_by and verified_by come from the caller.
func registerSessionPayments(app core.App) {
	app.OnRecordCreate("session_payments").BindFunc(func(e *core.RecordEvent) error {
		if e.Record.GetString("payment_status") == "" {
			e.Record.Set("payment_status", domain.PaymentPending)
		}
		return e.Next()
	})
	app.OnRecordValidate("session_payments").BindFunc(wholeCentsCheck("amount"))
	app.OnRecordCreate("session_payments").BindFunc(func(e *core.RecordEvent) error {
		return inTransaction(e, func(tx core.App) error {
			split, err := checkPayment(tx, e.Record)
			if err != nil {
				return err
			}
			if split.IsPositive() {
				e.Record.Set("amount", money.ToStored(money.FromStored(e.Record.GetFloat("amount")).Sub(split)))
			}
			if err := e.Next(); err != nil {
				return err
			}
			if !split.IsPositive() {
				return nil
			}
			balance := core.NewRecord(e.Record.Collection())
			for _, f := range []string{"session", "document_number", "method", "payment_date", "payment_status", "registered_by", "verified_by"} {
				balance.Set(f, e.Record.Get(f))
			}
			balance.Set("payment_type", domain.PaymentBalance)
			balance.Set("amount", money.ToStored(split))
			balance.Set("notes", "Excess of the deposit above the deposit amount.")
			return tx.Save(balance)
		})
	})

	app.OnRecordUpdate("session_payments").BindFunc(func(e *core.RecordEvent) error {
		if err := verifiedIsFinal(e.Record.Original()); err != nil {
			return err
		}
		return inTransaction(e, func(tx core.App) error {
			split, err := checkPayment(tx, e.Record)
			if err != nil {
				return err
			}
			if split.IsPositive() {
				return domain.Invalid("amount", "A deposit cannot exceed the deposit amount; record the excess as a Balance.")
			}
			return e.Next()
		})
	})

	app.OnRecordDelete("session_payments").BindFunc(func(e *core.RecordEvent) error {
		if err := verifiedIsFinal(e.Record.Original()); err != nil && !cascading(e) {
			return err
		}
		return e.Next()
	})

	app.OnRecordCreateRequest("session_payments").BindFunc(func(e *core.RecordRequestEvent) error {
		actor, err := requestActor(e.RequestEvent)
		if err != nil {
			return err
		}
		e.Record.Set("registered_by", actor.ID())
		e.Record.Set("verified_by", "")
		if e.Record.GetString("payment_status") == domain.PaymentVerified {
			e.Record.Set("verified_by", actor.ID())
		}
		return e.Next()
	})

	app.OnRecordUpdateRequest("session_payments").BindFunc(func(e *core.RecordRequestEvent) error {
		actor, err := requestActor(e.RequestEvent)
		if err != nil {
			return err
		}
		old := e.Record.Original()
		e.Record.Set("registered_by", old.GetString("registered_by"))
		e.Record.Set("verified_by", old.GetString("verified_by"))
		if e.Record.GetString("payment_status") == domain.PaymentVerified {
			e.Record.Set("verified_by", actor.ID())
		}
		return e.Next()
	})
}

// cascading reports whether the payment goes with its deleted session.
func cascading(e *core.RecordEvent) bool {
	_, err := e.App.FindRecordById("sessions", e.Record.GetString("session"))
	return err != nil
}

func verifiedIsFinal(old *core.Record) error {
	if old != nil && old.GetString("payment_status") == domain.PaymentVerified {
		return domain.Invalid("payment_status", "A verified payment is never edited or deleted; record a correcting payment instead.")
	}
	return nil
}

// checkPayment applies payments.Check to r against the session's other
// payments, and keeps the refund fields to Refund payments.
func checkPayment(tx core.App, r *core.Record) (decimal.Decimal, error) {
	session, err := tx.FindRecordById("sessions", r.GetString("session"))
	if err != nil {
		return decimal.Zero, nil // the relation validation answers the missing session
	}
	all, err := payments.Load(tx, session.Id)
	if err != nil {
		return decimal.Zero, err
	}
	others := make([]payments.Payment, 0, len(all))
	for _, p := range all {
		if p.ID != r.Id {
			others = append(others, p)
		}
	}
	if r.GetString("payment_type") != domain.PaymentRefund {
		r.Set("refund_percentage", 0)
		r.Set("refund_rule", "")
	}
	return payments.Check(others, payments.Of(r), money.FromStored(session.GetFloat("total")), money.FromStored(session.GetFloat("deposit_amount")))
}
