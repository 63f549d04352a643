// Package lifecycle is the session state machine of docs/rules.md §4.1: Plan
// decides a transition from plain facts (pure, table-tested), Transition
// loads those facts, applies the plan atomically with its history entry,
// refund and notification intents, whoever asks (REST route, collection
// PATCH, batch, dashboard, cron).
package lifecycle

import (
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/payments"
	"github.com/studio/studio/internal/rbac"
)

// Facts are the plain values a transition is decided on.
type Facts struct {
	From, To string
	Now      time.Time
	Loc      *time.Location

	// Who asks: System for cron and Go code; Can answers the actor's
	// permissions; ActorID is the user id ("" for system and superusers).
	System  bool
	Can     func(rbac.Permission) bool
	ActorID string

	// The session.
	SessionType     string
	ClientActive    bool
	StartsAt        time.Time
	Lines           int
	Total           decimal.Decimal
	DepositAmount   decimal.Decimal
	PaymentDeadline time.Time
	ChangesDeadline time.Time
	HasRoom         bool
	Photographers   []string
	AssignedEditor  string
	EditingDays     int

	// Money: the verified deposit (including one given with the
	// transition) and the net paid.
	VerifiedDeposit decimal.Decimal
	NetPaid         decimal.Decimal

	// Editor taking an Attended session: Editor is who takes it (the actor
	// unless named), EditorEligible whether it is an active user holding
	// session.mark-ready, EditorLoad its sessions In Editing.
	Editor         string
	EditorEligible bool
	EditorLoad     int

	// Settings.
	PaymentDeadlineDays, ChangesDeadlineDays, MaxEditing int
	RequireFullPayment                                   bool
	Refunds                                              payments.Policy

	// Cancellation input.
	Reason, Initiator string
}

// Plan is what a transition does.
type Plan struct {
	From, To string
	// Set are the session fields to write (a zero time.Time clears a date).
	Set map[string]any
	// Refund is the refund of a cancellation (nil otherwise).
	Refund *payments.Decision
	// MarkAttended lists the photographers whose assignment becomes attended.
	MarkAttended []string
	// ReleaseAssignments marks the active assignments Reassigned.
	ReleaseAssignments bool
	// Email is the client email template to queue ("" for none).
	Email string
	// NotifyPhotographers, NotifyRole: staff notification audiences.
	NotifyPhotographers bool
	NotifyRole          string
	NotifyKind          string
}

// edge is one allowed transition.
type edge struct{ from, to string }

var edges = map[edge]bool{
	{domain.StatusRequest, domain.StatusNegotiation}:        true,
	{domain.StatusNegotiation, domain.StatusPreScheduled}:   true,
	{domain.StatusPreScheduled, domain.StatusNegotiation}:   true,
	{domain.StatusPreScheduled, domain.StatusConfirmed}:     true,
	{domain.StatusConfirmed, domain.StatusNegotiation}:      true,
	{domain.StatusConfirmed, domain.StatusAssigned}:         true,
	{domain.StatusAssigned, domain.StatusAttended}:          true,
	{domain.StatusAttended, domain.StatusInEditing}:         true,
	{domain.StatusInEditing, domain.StatusReadyForDelivery}: true,
	{domain.StatusReadyForDelivery, domain.StatusCompleted}: true,
}

// Allowed reports whether from → to is an edge of the state machine.
func Allowed(from, to string) bool {
	if to == domain.StatusCanceled {
		return slices.Contains(domain.SessionStatuses, from) && !domain.IsClosed(from)
	}
	return edges[edge{from, to}]
}

// Targets lists the states reachable from from, in happy-path order.
func Targets(from string) []string {
	var out []string
	for _, to := range domain.SessionStatuses {
		if Allowed(from, to) {
			out = append(out, to)
		}
	}
	return out
}

func (f Facts) can(p rbac.Permission) bool { return f.System || (f.Can != nil && f.Can(p)) }

// coordinator: see rbac.CoordinatorPermission.
func (f Facts) coordinator() bool { return f.can(rbac.CoordinatorPermission) }

func (f Facts) isAssignedEditor() bool { return f.ActorID != "" && f.ActorID == f.AssignedEditor }

func (f Facts) isPhotographer() bool {
	return f.ActorID != "" && slices.Contains(f.Photographers, f.ActorID)
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// Decide validates the transition f.From → f.To and answers its plan, or a
// *domain.Error: INVALID_STATE_TRANSITION for a pair outside the machine,
// FORBIDDEN when the actor may not, else the failing guard's code.
func Decide(f Facts) (*Plan, error) {
	if !Allowed(f.From, f.To) {
		return nil, domain.Errorf(domain.CodeInvalidStateTransition, "A session cannot go from %s to %s.", f.From, f.To).
			With("from", f.From).With("to", f.To).With("allowed", Targets(f.From))
	}
	p := &Plan{From: f.From, To: f.To, Set: map[string]any{}}
	if f.To == domain.StatusCanceled {
		return p, f.cancel(p)
	}
	switch f.From {
	case domain.StatusRequest:
		return p, f.toNegotiationFromRequest()
	case domain.StatusNegotiation:
		return p, f.toPreScheduled(p)
	case domain.StatusPreScheduled:
		if f.To == domain.StatusNegotiation {
			if !f.can(rbac.SessionEditPreAssigned) {
				return nil, domain.Forbidden(rbac.SessionEditPreAssigned)
			}
			p.Set["payment_deadline"] = time.Time{}
			return p, nil
		}
		return p, f.toConfirmed(p)
	case domain.StatusConfirmed:
		if f.To == domain.StatusNegotiation {
			return p, f.backFromConfirmed(p)
		}
		return p, f.toAssigned(p)
	case domain.StatusAssigned:
		return p, f.toAttended(p)
	case domain.StatusAttended:
		return p, f.toInEditing(p)
	case domain.StatusInEditing:
		return p, f.toReady(p)
	default:
		return p, f.toCompleted()
	}
}
