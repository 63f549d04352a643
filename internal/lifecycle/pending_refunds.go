package lifecycle

import (
	"context"
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/model"
)

// rejectPendingRefunds rejects the Pending refunds of a session being
// canceled (docs/rules.md §5.3.1): the cancellation's refund is a share of
// the verified net paid, which never counted them, and a canceled session
// takes no payment change, so they could never be settled afterwards.
func rejectPendingRefunds(tx core.App, sessionID string) error {
	recs, err := tx.FindAllRecords(model.SessionPayments, dbx.HashExp{
		"session": sessionID, "payment_type": domain.PaymentRefund, "payment_status": domain.PaymentPending,
	})
	if err != nil {
		return fmt.Errorf("pending refunds of %s: %w", sessionID, err)
	}
	for _, r := range recs {
		r.Set("payment_status", domain.PaymentRejected)
		r.Set("notes", joinNote(r.GetString("notes"), "Rejected by the cancellation, whose refund replaces it."))
		if err := tx.SaveWithContext(withTransition(context.Background()), r); err != nil {
			return fmt.Errorf("reject pending refund %s: %w", r.Id, err)
		}
	}
	return nil
}
