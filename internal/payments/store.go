package payments

import (
	"errors"
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/shopspring/decimal"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/model"
	"github.com/studio/studio/internal/money"
)

// loadSQL selects the values of Payment, oldest first, through the
// payments' session index (named: statistics gathered while the table was
// small could make SQLite walk it). A transition reads them on every call;
// plain values skip the filter parsing and the records of
// FindRecordsByFilter.
const loadSQL = `SELECT id, payment_type, payment_status, amount FROM ` + model.SessionPayments + `
	INDEXED BY idx_payments_session WHERE session = {:s} ORDER BY created, id`

// Load reads a session's payments as plain values, oldest first.
func Load(app core.App, sessionID string) (out []Payment, err error) {
	rows, err := app.DB().NewQuery(loadSQL).Bind(dbx.Params{"s": sessionID}).Rows()
	if err != nil {
		return nil, fmt.Errorf("payments of session %s: %w", sessionID, err)
	}
	defer func() { err = errors.Join(err, rows.Close()) }()
	out = []Payment{}
	for rows.Next() {
		var p Payment
		var amount float64
		if err := rows.Scan(&p.ID, &p.Type, &p.Status, &amount); err != nil {
			return nil, fmt.Errorf("payments of session %s: %w", sessionID, err)
		}
		p.Amount = money.FromStored(amount)
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("payments of session %s: %w", sessionID, err)
	}
	return out, nil
}

// Of reads a session_payments record.
func Of(r *core.Record) Payment {
	p := model.AsSessionPayment(r)
	return Payment{ID: p.Id, Type: p.PaymentType(), Status: p.PaymentStatus(), Amount: p.Amount()}
}

// CheckSave refuses to move a stored payment to another session, and
// applies Check to a payment about to be saved, against its
// session's other payments, total and deposit amount, read in tx; it
// clears the refund fields of a payment that is not a Refund. It answers
// the part of a deposit above the deposit amount (zero if none).
func CheckSave(tx core.App, p *model.SessionPayment) (decimal.Decimal, error) {
	if old := p.Original(); !p.IsNew() && old != nil && old.GetString("session") != p.Session() {
		return decimal.Zero, domain.Invalid("session", "A payment stays on its session; record it on the other session instead.")
	}
	session, err := model.FindSession(tx, p.Session())
	if err != nil {
		return decimal.Zero, nil // the relation validation answers the missing session
	}
	all, err := Load(tx, session.Id)
	if err != nil {
		return decimal.Zero, err
	}
	others := make([]Payment, 0, len(all))
	for _, o := range all {
		if o.ID != p.Id {
			others = append(others, o)
		}
	}
	if p.PaymentType() != domain.PaymentRefund {
		p.Set("refund_percentage", 0)
		p.Set("refund_rule", "")
	}
	return Check(others, Of(p.ProxyRecord()), session.Total(), session.DepositAmount())
}

// SaveBalance records split, the excess of a saved deposit above the
// deposit amount, as a Balance payment with the deposit's document,
// method, date, status and staff.
func SaveBalance(tx core.App, deposit *model.SessionPayment, split decimal.Decimal) error {
	balance, err := model.NewSessionPayment(tx)
	if err != nil {
		return err
	}
	for _, f := range []string{"session", "document_number", "method", "payment_date", "payment_status", "registered_by", "verified_by"} {
		balance.Set(f, deposit.Get(f))
	}
	balance.Set("payment_type", domain.PaymentBalance)
	balance.SetAmount(split)
	balance.Set("notes", "Excess of the deposit above the deposit amount.")
	return tx.Save(balance)
}
