package payments

import (
	"time"

	"github.com/shopspring/decimal"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/money"
)

// Refund rule names, as returned to callers and stored on Refund payments.
const (
	RuleBeforeConfirmation  = "REFUND_BEFORE_CONFIRMATION"
	RuleWithinDeadline      = "REFUND_WITHIN_DEADLINE"
	RuleAfterDeadline       = "REFUND_AFTER_DEADLINE"
	RuleForceMajeure        = "REFUND_FORCE_MAJEURE"
	RuleClientAfterAssigned = "REFUND_CLIENT_AFTER_ASSIGNED"
	RuleAfterAttended       = "NO_REFUND_AFTER_ATTENDED"
)

// Policy holds the refund percentages of the settings (docs/rules.md §11).
type Policy struct {
	WithinDeadline, AfterDeadline, ForceMajeure, ClientAfterAssigned decimal.Decimal
}

// Decision is the refund of a cancellation.
type Decision struct {
	Amount     decimal.Decimal
	Percentage decimal.Decimal
	Rule       string
}

// RefundFor applies the refund matrix of docs/rules.md §5.3.2 to a session
// canceled in status by initiator at now: before Confirmed, whatever was
// paid is refunded in full. The system as initiator counts as the
// company. A zero changesDeadline counts as not yet passed.
func RefundFor(status, initiator string, now, changesDeadline time.Time, netPaid decimal.Decimal, pol Policy) Decision {
	byClient := initiator == domain.InitiatorClient
	var rule string
	pct := decimal.Zero
	switch status {
	case domain.StatusConfirmed:
		switch {
		case !byClient:
			rule, pct = RuleForceMajeure, pol.ForceMajeure
		case changesDeadline.IsZero() || !now.After(changesDeadline):
			rule, pct = RuleWithinDeadline, pol.WithinDeadline
		default:
			rule, pct = RuleAfterDeadline, pol.AfterDeadline
		}
	case domain.StatusAssigned:
		if byClient {
			rule, pct = RuleClientAfterAssigned, pol.ClientAfterAssigned
		} else {
			rule, pct = RuleForceMajeure, pol.ForceMajeure
		}
	case domain.StatusRequest, domain.StatusNegotiation, domain.StatusPreScheduled:
		rule, pct = RuleBeforeConfirmation, decimal.NewFromInt(100)
	default:
		rule = RuleAfterAttended
	}
	amount := decimal.Zero
	if netPaid.IsPositive() {
		amount = money.Percent(netPaid, pct)
	}
	return Decision{Amount: amount, Percentage: pct, Rule: rule}
}
