package hooks

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/shopspring/decimal"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/lifecycle"
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
			split, err := checkPayment(tx, e)
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
			split, err := checkPayment(tx, e)
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
		if cascading(e) {
			return e.Next()
		}
		if err := verifiedIsFinal(e.Record.Original()); err != nil {
			return err
		}
		return inTransaction(e, func(tx core.App) error {
			if err := checkRemoval(tx, e); err != nil {
				return err
			}
			return e.Next()
		})
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

// checkPayment applies payments.Check to the event's payment against the
// session's other payments, refuses it on a closed session (unless the
// lifecycle writes it: the cancellation's refund), and keeps the refund
// fields to Refund payments.
func checkPayment(tx core.App, e *core.RecordEvent) (decimal.Decimal, error) {
	r := e.Record
	session, err := tx.FindRecordById("sessions", r.GetString("session"))
	if err != nil {
		return decimal.Zero, nil // the relation validation answers the missing session
	}
	if err := openForPayments(e, session); err != nil {
		return decimal.Zero, err
	}
	others, err := otherPayments(tx, session.Id, r.Id)
	if err != nil {
		return decimal.Zero, err
	}
	if r.GetString("payment_type") != domain.PaymentRefund {
		r.Set("refund_percentage", 0)
		r.Set("refund_rule", "")
	}
	return payments.Check(others, payments.Of(r), money.FromStored(session.GetFloat("total")), money.FromStored(session.GetFloat("deposit_amount")))
}

// openForPayments refuses a payment change on a Completed or Canceled
// session (docs/rules.md §5.1.10), except a save the lifecycle makes. An
// update that moves a payment is checked on both sessions.
func openForPayments(e *core.RecordEvent, session *core.Record) error {
	if lifecycle.IsTransition(e.Context) {
		return nil
	}
	statuses := []string{session.GetString("status")}
	if old := e.Record.Original(); !e.Record.IsNew() && old != nil && old.GetString("session") != session.Id {
		if prev, err := e.App.FindRecordById("sessions", old.GetString("session")); err == nil {
			statuses = append(statuses, prev.GetString("status"))
		}
	}
	for _, st := range statuses {
		if domain.IsClosed(st) {
			return domain.ClosedSessionError(st)
		}
	}
	return nil
}

// otherPayments loads the session's payments but the one with id skip.
func otherPayments(tx core.App, sessionID, skip string) ([]payments.Payment, error) {
	all, err := payments.Load(tx, sessionID)
	if err != nil {
		return nil, err
	}
	others := make([]payments.Payment, 0, len(all))
	for _, p := range all {
		if p.ID != skip {
			others = append(others, p)
		}
	}
	return others, nil
}

// checkRemoval refuses deleting a payment of a closed session, or the
// Deposit a standing Balance depends on (docs/rules.md §5.1.7).
func checkRemoval(tx core.App, e *core.RecordEvent) error {
	session, err := tx.FindRecordById("sessions", e.Record.GetString("session"))
	if err != nil {
		return nil
	}
	if err := openForPayments(e, session); err != nil {
		return err
	}
	others, err := otherPayments(tx, session.Id, e.Record.Id)
	if err != nil {
		return err
	}
	return payments.CheckRemoval(others, payments.Of(e.Record.Original()))
}
