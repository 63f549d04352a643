package payments

import (
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/money"
)

// Load reads a session's payments as plain values, oldest first.
func Load(app core.App, sessionID string) ([]Payment, error) {
	recs, err := app.FindRecordsByFilter("session_payments", "session = {:s}", "created", 0, 0, dbx.Params{"s": sessionID})
	if err != nil {
		return nil, fmt.Errorf("payments of session %s: %w", sessionID, err)
	}
	out := make([]Payment, len(recs))
	for i, r := range recs {
		out[i] = Of(r)
	}
	return out, nil
}

// Of reads a session_payments record.
func Of(r *core.Record) Payment {
	return Payment{ID: r.Id, Type: r.GetString("payment_type"), Status: r.GetString("payment_status"),
		Amount: money.FromStored(r.GetFloat("amount"))}
}
