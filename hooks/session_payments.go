package hooks

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/model"
	"github.com/studio/studio/internal/payments"
)

// registerSessionPayments defaults a new payment to Pending and enforces
// §5.1 on every path: the payment rules against the session's other
// payments and total (checked in the write's transaction), the split of a
// deposit above deposit_amount into a Deposit and a Balance with the same
// document number, and verified payments that are never edited or deleted.
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
	app.OnRecordDelete(model.SessionPayments).BindFunc(func(e *core.RecordEvent) error {
		if err := verifiedIsFinal(e.Record.Original()); err != nil && !cascading(e) {
			return err
		}
		return e.Next()
	})
	app.OnRecordCreateRequest(model.SessionPayments).BindFunc(func(e *core.RecordRequestEvent) error {
		return paymentStaff(e, nil)
	})
	app.OnRecordUpdateRequest(model.SessionPayments).BindFunc(func(e *core.RecordRequestEvent) error {
		return paymentStaff(e, e.Record.Original())
	})
}

// createPayment checks a new payment against its session in the insert's
// transaction and splits a deposit above the deposit amount into the
// deposit and a Balance.
func createPayment(e *core.RecordEvent) error {
	return inTransaction(e, func(tx core.App) error {
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

// updatePayment keeps a verified payment as it is and checks a changed one
// against its session in the update's transaction; an update never splits.
func updatePayment(e *core.RecordEvent) error {
	if err := verifiedIsFinal(e.Record.Original()); err != nil {
		return err
	}
	return inTransaction(e, func(tx core.App) error {
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

// paymentStaff sets registered_by and verified_by whatever the request
// sent: on a create (stored nil) the caller registers, on an update both
// keep their stored values; a request that verifies the payment makes the
// caller its verifier.
func paymentStaff(e *core.RecordRequestEvent, stored *core.Record) error {
	actor, err := requestActor(e.RequestEvent)
	if err != nil {
		return err
	}
	if stored == nil {
		e.Record.Set("registered_by", actor.ID())
		e.Record.Set("verified_by", "")
	} else {
		e.Record.Set("registered_by", stored.GetString("registered_by"))
		e.Record.Set("verified_by", stored.GetString("verified_by"))
	}
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
