package model

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/shopspring/decimal"

	"github.com/studio/studio/internal/money"
)

// SessionLines is the name of the session_lines collection.
const SessionLines = "session_lines"

// SessionLine is a record of the session_lines collection: one detail
// line, an item sold alone or an item of an exploded package.
type SessionLine struct {
	core.BaseRecordProxy
}

// AsSessionLine wraps a session_lines record.
func AsSessionLine(r *core.Record) *SessionLine {
	l := &SessionLine{}
	l.SetProxyRecord(r)
	return l
}

// NewSessionLine makes an unsaved line.
func NewSessionLine(app core.App) (*SessionLine, error) {
	r, err := newRecord(app, SessionLines)
	if err != nil {
		return nil, err
	}
	return AsSessionLine(r), nil
}

// Session is the session's id.
func (l *SessionLine) Session() string { return l.GetString("session") }

// LineType is Item or Package.
func (l *SessionLine) LineType() string { return l.GetString("line_type") }

// ReferenceID is the catalog item or package the line came from.
func (l *SessionLine) ReferenceID() string { return l.GetString("reference_id") }

// ItemCode is the item's code as it was when the line was added.
func (l *SessionLine) ItemCode() string { return l.GetString("item_code") }

// Quantity is the line's quantity.
func (l *SessionLine) Quantity() decimal.Decimal { return money.FromStored(l.GetFloat("quantity")) }

// UnitPrice is the item's price as it was when the line was added.
func (l *SessionLine) UnitPrice() decimal.Decimal { return money.FromStored(l.GetFloat("unit_price")) }

// Subtotal is line_subtotal, the line's share of the money.
func (l *SessionLine) Subtotal() decimal.Decimal {
	return money.FromStored(l.GetFloat("line_subtotal"))
}

// SetSubtotal sets line_subtotal.
func (l *SessionLine) SetSubtotal(d decimal.Decimal) { l.Set("line_subtotal", money.ToStored(d)) }
