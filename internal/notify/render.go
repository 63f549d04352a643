package notify

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/model"
	"github.com/studio/studio/internal/money"
	"github.com/studio/studio/internal/payments"
	"github.com/studio/studio/internal/settings"
)

// EntryFacts are the facts an outbox entry renders: its session's and
// client's current values, overridden by every key of the entry's data
// (the snapshot the business transaction took).
func EntryFacts(app core.App, entry *core.Record) (map[string]any, error) {
	facts := map[string]any{}
	if id := entry.GetString("session"); id != "" {
		if err := sessionFacts(app, id, entry.GetString("template"), facts); err != nil {
			return nil, err
		}
	}
	data := map[string]any{}
	if err := entry.UnmarshalJSONField("data", &data); err != nil {
		return nil, fmt.Errorf("outbox %s data: %w", entry.Id, err)
	}
	for k, v := range data {
		facts[k] = v
	}
	return facts, nil
}

// sessionFacts reads the session, its client and its verified payments.
// A deleted session leaves the facts as the data gives them.
func sessionFacts(app core.App, id, template string, facts map[string]any) error {
	s, err := app.FindRecordById(model.Sessions, id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("session %s: %w", id, err)
	}
	facts[DataSessionCode] = s.GetString("code")
	facts[DataStartsAt] = s.GetDateTime("starts_at")
	facts[DataLocation] = s.GetString("location")
	facts[DataTotal] = s.GetFloat("total")
	facts[DataDepositAmount] = s.GetFloat("deposit_amount")
	facts[DataPaymentDeadline] = s.GetDateTime("payment_deadline")
	facts[DataChangesDeadline] = s.GetDateTime("changes_deadline")
	facts[DataDeliveryDate] = s.GetDateTime("estimated_delivery_date")
	facts[DataCancellationReason] = s.GetString("cancellation_reason")
	if facts[DataLocation] == "" && s.GetString("room") != "" {
		if room, err := app.FindRecordById("rooms", s.GetString("room")); err == nil {
			facts[DataLocation] = room.GetString("name")
		}
	}
	if c, err := app.FindRecordById("clients", s.GetString("client")); err == nil {
		facts[DataClientName] = c.GetString("full_name")
	}
	ps, err := payments.Load(app, id)
	if err != nil {
		return err
	}
	// The cancellation email states what was paid before the refund.
	paid := payments.NetPaid(ps)
	if template == TemplateCancellation {
		paid = payments.PaidBeforeRefunds(ps)
	}
	facts[DataAmountPaid] = paid.StringFixed(money.Cents)
	return nil
}

// RenderEntry renders an outbox entry in the studio's language.
func RenderEntry(app core.App, entry *core.Record, s settings.Settings) (Rendered, error) {
	facts, err := EntryFacts(app, entry)
	if err != nil {
		return Rendered{}, err
	}
	v, err := NewView(facts, s, s.Language)
	if err != nil {
		return Rendered{}, fmt.Errorf("outbox %s: %w", entry.Id, err)
	}
	return Render(entry.GetString("template"), s.Language, v)
}
