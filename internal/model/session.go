package model

import (
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/shopspring/decimal"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/money"
)

// Sessions is the name of the sessions collection.
const Sessions = "sessions"

// Session is a record of the sessions collection.
type Session struct {
	core.BaseRecordProxy
}

// AsSession wraps a sessions record.
func AsSession(r *core.Record) *Session {
	s := &Session{}
	s.SetProxyRecord(r)
	return s
}

// FindSession loads the session id.
func FindSession(app core.App, id string) (*Session, error) {
	return find(app, Sessions, id, AsSession)
}

// Code is the session's code (S-YYYY-NNNNN), "" until it is created.
func (s *Session) Code() string { return s.GetString("code") }

// Label is the code, or the id while the session has none.
func (s *Session) Label() string {
	if c := s.Code(); c != "" {
		return c
	}
	return s.Id
}

// Status is the lifecycle status.
func (s *Session) Status() string { return s.GetString("status") }

// IsClosed reports whether the session is Completed or Canceled.
func (s *Session) IsClosed() bool { return domain.IsClosed(s.Status()) }

// SessionType is Studio or External.
func (s *Session) SessionType() string { return s.GetString("session_type") }

// Client is the client's id.
func (s *Session) Client() string { return s.GetString("client") }

// Room is the booked room's id, "" if none.
func (s *Session) Room() string { return s.GetString("room") }

// StartsAt is when the session starts.
func (s *Session) StartsAt() time.Time { return s.GetDateTime("starts_at").Time() }

// EndsAt is when the session ends.
func (s *Session) EndsAt() time.Time { return s.GetDateTime("ends_at").Time() }

// AssignedEditor is the editor's id, "" if none.
func (s *Session) AssignedEditor() string { return s.GetString("assigned_editor") }

// EditingDays is estimated_editing_days.
func (s *Session) EditingDays() int { return s.GetInt("estimated_editing_days") }

// SetEditingDays sets estimated_editing_days.
func (s *Session) SetEditingDays(days int) { s.Set("estimated_editing_days", days) }

// DeliveryDate is estimated_delivery_date, zero until set.
func (s *Session) DeliveryDate() time.Time { return s.GetDateTime("estimated_delivery_date").Time() }

// PaymentDeadline is the payment deadline, zero until set.
func (s *Session) PaymentDeadline() time.Time { return s.GetDateTime("payment_deadline").Time() }

// AssignedPhotographers lists the photographers of the session's active
// assignments (derived by the hooks).
func (s *Session) AssignedPhotographers() []string { return s.GetStringSlice("assigned_photographers") }

// ChangesDeadline is the changes deadline, zero until set.
func (s *Session) ChangesDeadline() time.Time { return s.GetDateTime("changes_deadline").Time() }

// Total is the session's total.
func (s *Session) Total() decimal.Decimal { return money.FromStored(s.GetFloat("total")) }

// DepositAmount is the deposit the session asks for.
func (s *Session) DepositAmount() decimal.Decimal {
	return money.FromStored(s.GetFloat("deposit_amount"))
}

// EditorObservations is the editor's dated notes.
func (s *Session) EditorObservations() string { return s.GetString("editor_observations") }

// SetEditorObservations replaces the editor's notes.
func (s *Session) SetEditorObservations(text string) { s.Set("editor_observations", text) }

// SetUpdatedBy records who changed the session last.
func (s *Session) SetUpdatedBy(userID string) { s.Set("updated_by", userID) }
