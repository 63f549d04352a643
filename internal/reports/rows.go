package reports

import (
	"time"

	"github.com/shopspring/decimal"
)

// Session is the part of a session the reports read.
type Session struct {
	ID, Code, Client, Type, Status string
	// Editor is the assigned editor's user id ("" when none).
	Editor            string
	StartsAt, Created time.Time
	// EstimatedDelivery is the promised delivery (zero when unset).
	EstimatedDelivery time.Time
	Total             decimal.Decimal
}

// Payment is one payment of a session.
type Payment struct {
	Session, Type, Status string
	Amount                decimal.Decimal
	Date                  time.Time
}

// Change is one status-history entry: the session went From → To At.
type Change struct {
	Session, From, To string
	At                time.Time
}

// Assignment is one photographer's assignment on a session.
type Assignment struct {
	Session, Photographer, Status string
	Start, End                    time.Time
}

// Data holds the rows a report reads; loaders fill what their report
// needs. Names maps client and user ids to their display names.
type Data struct {
	Sessions    []Session
	Payments    []Payment
	History     []Change
	Assignments []Assignment
	Names       map[string]string
}

// sessionsByID indexes the sessions.
func (d *Data) sessionsByID() map[string]*Session {
	out := make(map[string]*Session, len(d.Sessions))
	for i := range d.Sessions {
		out[d.Sessions[i].ID] = &d.Sessions[i]
	}
	return out
}

// historyBySession groups the history entries by session, oldest first
// as loaded.
func (d *Data) historyBySession() map[string][]Change {
	out := map[string][]Change{}
	for _, c := range d.History {
		out[c.Session] = append(out[c.Session], c)
	}
	return out
}
