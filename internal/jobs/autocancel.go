package jobs

import (
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/lifecycle"
	"github.com/studio/studio/internal/rbac"
)

// CancelReason is the reason the system gives when it cancels an unpaid
// session (docs/rules.md §8).
const CancelReason = "Payment deadline expired"

// AutoCancelUnpaid cancels every Pre-scheduled session whose payment
// deadline has passed (docs/rules.md §8): lifecycle.Transition as the
// system, initiator system, with its refund rule, history entry and
// cancellation email. Each session is one transaction that checks again
// that it is still Pre-scheduled and past its deadline, so a rerun or a
// concurrent run finds nothing left to do.
func AutoCancelUnpaid(app core.App, now time.Time, opts Options) (Summary, error) {
	var s Summary
	list, err := ids(app, `SELECT id FROM sessions WHERE status = {:status} AND payment_deadline != '' AND payment_deadline < {:now}
		ORDER BY payment_deadline, id`, dbx.Params{"status": domain.StatusPreScheduled, "now": dbTime(now)})
	if err != nil {
		return s, fmt.Errorf("unpaid sessions: %w", err)
	}
	s.Examined = len(list)
	for _, id := range list {
		unit(app, &s, opts, AutoCancelUnpaidName, id, func(tx core.App) (outcome, string, error) {
			status, deadline, err := sessionState(tx, id, "payment_deadline")
			if err != nil {
				return unchanged, "", err
			}
			if status != domain.StatusPreScheduled || deadline.IsZero() || !now.After(deadline) {
				return unchanged, "", nil
			}
			res, err := lifecycle.Transition(tx, id, domain.StatusCanceled, rbac.SystemActor(), lifecycle.Input{
				Reason: CancelReason, Initiator: domain.InitiatorSystem, At: now})
			if err != nil {
				return unchanged, "", err
			}
			what := fmt.Sprintf("%s canceled (deadline %s)", res.Session.GetString("code"), deadline.Format(time.RFC3339))
			if res.Refund != nil && res.Refund.Amount.IsPositive() {
				what += ", refund " + res.Refund.Amount.StringFixed(2)
			}
			return changed, what, nil
		})
	}
	return s, nil
}
