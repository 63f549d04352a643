package jobs

import (
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/lifecycle"
	"github.com/studio/studio/internal/money"
	"github.com/studio/studio/internal/notify"
	"github.com/studio/studio/internal/settings"
)

// PaymentReminders queues the payment reminder email (docs/rules.md §7,
// §8) for every Pre-scheduled session whose payment deadline is still
// ahead and ends by the end of tomorrow (studio time): run at 09:00, it
// reminds the day before the deadline, and a session it missed that day
// (the server was down, the deadline was set the same day) is reminded
// on its last day. Each reminder is written with a job_marks row keyed by
// the session and its deadline in one transaction: once per deadline,
// whatever the reruns, restarts and concurrent runs. A session sent back
// to Negotiation and pre-scheduled again has a new deadline and gets a
// new reminder.
func PaymentReminders(app core.App, now time.Time, opts Options) (Summary, error) {
	var s Summary
	st, err := settings.Load(app)
	if err != nil {
		return s, err
	}
	until := lifecycle.EndOfDay(now.In(st.Location()).AddDate(0, 0, 1), st.Location())
	list, err := ids(app, `SELECT id FROM sessions WHERE status = {:status} AND payment_deadline > {:now} AND payment_deadline <= {:until}
		ORDER BY payment_deadline, id`, dbx.Params{"status": domain.StatusPreScheduled, "now": dbTime(now), "until": dbTime(until)})
	if err != nil {
		return s, fmt.Errorf("sessions to remind: %w", err)
	}
	s.Examined = len(list)
	for _, id := range list {
		unit(app, &s, opts, PaymentRemindersName, id, func(tx core.App) (outcome, string, error) {
			return remind(tx, id, now, until)
		})
	}
	return s, nil
}

func remind(tx core.App, id string, now, until time.Time) (outcome, string, error) {
	status, deadline, err := sessionState(tx, id, "payment_deadline")
	if err != nil {
		return unchanged, "", err
	}
	if status != domain.StatusPreScheduled || !deadline.After(now) || deadline.After(until) {
		return unchanged, "", nil
	}
	key := id + "@" + dbTime(deadline)
	done, err := marked(tx, PaymentRemindersName, key)
	if err != nil || done {
		return unchanged, "", err
	}
	if err := mark(tx, PaymentRemindersName, key); err != nil {
		return unchanged, "", err
	}
	session, err := tx.FindRecordById("sessions", id)
	if err != nil {
		return unchanged, "", err
	}
	client, err := tx.FindRecordById("clients", session.GetString("client"))
	if err != nil {
		return unchanged, "", fmt.Errorf("client of session %s: %w", session.GetString("code"), err)
	}
	amount := func(field string) string { return money.FromStored(session.GetFloat(field)).StringFixed(2) }
	err = notify.Email(tx, notify.EmailIntent{
		Template: notify.TemplatePaymentReminder, Recipient: client.GetString("email"), Session: id,
		Data: map[string]any{
			notify.DataSessionCode: session.GetString("code"), notify.DataClientName: client.GetString("full_name"),
			notify.DataStartsAt: session.GetDateTime("starts_at").String(), notify.DataLocation: session.GetString("location"),
			notify.DataTotal: amount("total"), notify.DataDepositAmount: amount("deposit_amount"),
			notify.DataPaymentDeadline: session.GetDateTime("payment_deadline").String(),
		},
	})
	if err != nil {
		return unchanged, "", err
	}
	return changed, fmt.Sprintf("%s reminded (deadline %s)", session.GetString("code"), deadline.Format(time.RFC3339)), nil
}
