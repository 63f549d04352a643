package model

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/shopspring/decimal"

	"github.com/studio/studio/internal/money"
)

// SessionPayments is the name of the session_payments collection.
const SessionPayments = "session_payments"

// SessionPayment is a record of the session_payments collection.
type SessionPayment struct {
	core.BaseRecordProxy
}

// AsSessionPayment wraps a session_payments record.
func AsSessionPayment(r *core.Record) *SessionPayment {
	p := &SessionPayment{}
	p.SetProxyRecord(r)
	return p
}

// NewSessionPayment makes an unsaved payment.
func NewSessionPayment(app core.App) (*SessionPayment, error) {
	r, err := newRecord(app, SessionPayments)
	if err != nil {
		return nil, err
	}
	return AsSessionPayment(r), nil
}

// Session is the session's id.
func (p *SessionPayment) Session() string { return p.GetString("session") }

// PaymentType is Deposit, Balance or Refund.
func (p *SessionPayment) PaymentType() string { return p.GetString("payment_type") }

// PaymentStatus is Pending, Verified or Rejected.
func (p *SessionPayment) PaymentStatus() string { return p.GetString("payment_status") }

// Amount is the amount paid (or refunded).
func (p *SessionPayment) Amount() decimal.Decimal { return money.FromStored(p.GetFloat("amount")) }

// SetAmount sets the amount.
func (p *SessionPayment) SetAmount(d decimal.Decimal) { p.Set("amount", money.ToStored(d)) }
