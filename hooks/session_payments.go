package hooks

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/lifecycle"
	"github.com/studio/studio/internal/model"
	"github.com/studio/studio/internal/payments"
)

// registerSessionPayments defaults a new payment to Pending and enforces
// docs/rules.md §5.1 on every path: the payment rules against the session's
// other payments and total (checked in the write's transaction, net paid
// never above the total), the split of a deposit above deposit_amount into
// a Deposit and a Balance with the same document number, verified payments
// that are never edited or deleted, the Deposit a standing Balance needs,
// and no payment change on a closed session.
// Through the API, registered_by and verified_by come from the caller.
func registerSessionPayments(app core.App) {
	app.OnRecordCreate(model.SessionPayments).BindFunc(func(e *core.RecordEvent) error {
		if e.Record.GetString("payment_status") == "" {
			e.Record.Set("payment_status", domain.PaymentPending)
		}
		return e.Next()
	})
	app.OnRecordValidate(model.SessionPayments).BindFunc(wholeCentsCheck("amount"))
	app.OnRecordCreate(model.SessionPayments).BindFunc(createPayment)
	app.OnRecordUpdate(model.SessionPayments).BindFunc(updatePayment)
	app.OnRecordDelete(model.SessionPayments).BindFunc(deletePayment)
	app.OnRecordCreateRequest(model.SessionPayments).BindFunc(createPaymentRequest)
	app.OnRecordUpdateRequest(model.SessionPayments).BindFunc(updatePaymentRequest)
}

// createPayment refuses a payment on a closed session, checks it against
// its session in the insert's transaction and splits a deposit above the deposit amount into the
// deposit and a Balance.
func createPayment(e *core.RecordEvent) error {
	return inTransaction(e, func(tx core.App) error {
		if err := openForPayments(e); err != nil {
			return err
		}
		p := model.AsSessionPayment(e.Record)
		split, err := payments.CheckSave(tx, p)
		if err != nil {
			return err
		}
		if split.IsPositive() {
			p.SetAmount(p.Amount().Sub(split))
		}
		if err := e.Next(); err != nil {
			return err
		}
		if !split.IsPositive() {
			return nil
		}
		return payments.SaveBalance(tx, p, split)
	})
}

// updatePayment keeps a verified payment as it is, refuses a change on a
// closed session and checks a changed payment against its session in the
// update's transaction; an update never splits.
func updatePayment(e *core.RecordEvent) error {
	if err := verifiedIsFinal(e.Record.Original()); err != nil {
		return err
	}
	return inTransaction(e, func(tx core.App) error {
		if err := openForPayments(e); err != nil {
			return err
		}
		split, err := payments.CheckSave(tx, model.AsSessionPayment(e.Record))
		if err != nil {
			return err
		}
		if split.IsPositive() {
			return domain.Invalid("amount", "A deposit cannot exceed the deposit amount; record the excess as a Balance.")
		}
		return e.Next()
	})
}

// deletePayment refuses to delete a verified payment, a payment of a
// closed session, or one payments.CheckDelete keeps (the Deposit a standing
// Balance needs); a payment going with its deleted session always goes.
func deletePayment(e *core.RecordEvent) error {
	if cascading(e) {
		return e.Next()
	}
	if err := verifiedIsFinal(e.Record.Original()); err != nil {
		return err
	}
	return inTransaction(e, func(tx core.App) error {
		if err := openForPayments(e); err != nil {
			return err
		}
		if err := payments.CheckDelete(tx, model.AsSessionPayment(e.Record)); err != nil {
			return err
		}
		return e.Next()
	})
}

// createPaymentRequest makes the caller the payment's registrar, and its
// verifier when it is created Verified.
func createPaymentRequest(e *core.RecordRequestEvent) error {
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
}

// updatePaymentRequest keeps registrar and verifier, and makes the caller
// the verifier when the request verifies the payment.
func updatePaymentRequest(e *core.RecordRequestEvent) error {
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
}

// cascading reports whether the payment goes with its deleted session.
func cascading(e *core.RecordEvent) bool {
	_, err := model.FindSession(e.App, model.AsSessionPayment(e.Record).Session())
	return err != nil
}

// verifiedIsFinal refuses to change or delete a payment stored Verified.
func verifiedIsFinal(old *core.Record) error {
	if old != nil && old.GetString("payment_status") == domain.PaymentVerified {
		return domain.Invalid("payment_status", "A verified payment is never edited or deleted; record a correcting payment instead.")
	}
	return nil
}

// openForPayments refuses a payment change on a Completed or Canceled
// session (docs/rules.md §5.1.10), except a save the lifecycle makes (the
// cancellation's refund). An update that moves a payment is checked on
// both sessions.
func openForPayments(e *core.RecordEvent) error {
	if lifecycle.IsTransition(e.Context) {
		return nil
	}
	ids := []string{model.AsSessionPayment(e.Record).Session()}
	if old := e.Record.Original(); !e.Record.IsNew() && old != nil && old.GetString("session") != ids[0] {
		ids = append(ids, old.GetString("session"))
	}
	for _, id := range ids {
		if s, err := model.FindSession(e.App, id); err == nil && s.IsClosed() {
			return domain.ClosedSessionError(s.Status())
		}
	}
	return nil
}
