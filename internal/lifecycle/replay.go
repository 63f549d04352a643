package lifecycle

import (
	"fmt"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/model"
	"github.com/studio/studio/internal/money"
	"github.com/studio/studio/internal/payments"
	"github.com/studio/studio/internal/rbac"
	"github.com/studio/studio/internal/settings"
)

// Prepare readies a session for its next step to (adds lines before
// Pre-scheduled, a room and photographers before Assigned, names the
// editor before In Editing) and may fill the step's input.
type Prepare func(tx core.App, session *core.Record, to string, in *Input) error

// Replay brings a session from its state to target through the state
// machine, as the system, each step dated when it would have happened
// (Input.At): the steps up to Confirmed ten days before the start (or now,
// if earlier), Assigned just after the changes deadline, Attended and
// later at the start (or now, if later). A deposit of the deposit amount
// is given with the confirmation and the balance is paid before
// Completed; Canceled is reached directly with initiator company. It
// serves retroactive entry and demo data; every guard still applies.
func Replay(app core.App, sessionID, target string, prepare Prepare) (*core.Record, error) {
	system := rbac.SystemActor()
	var session *core.Record
	err := app.RunInTransaction(func(tx core.App) error {
		var err error
		if session, err = tx.FindRecordById(model.Sessions, sessionID); err != nil {
			return fmt.Errorf("replay session %s: %w", sessionID, err)
		}
		now := settings.Now(tx)
		start := session.GetDateTime("starts_at").Time()
		for _, to := range path(session.GetString("status"), target) {
			in := Input{At: stepTime(to, now, start, session.GetDateTime("changes_deadline").Time())}
			if to == domain.StatusCanceled {
				in.Reason, in.Initiator = "Replayed cancellation", domain.InitiatorCompany
			}
			if prepare != nil {
				if err := prepare(tx, session, to, &in); err != nil {
					return err
				}
			}
			if err := due(tx, session, to, &in); err != nil {
				return err
			}
			res, err := Transition(tx, sessionID, to, system, in)
			if err != nil {
				return fmt.Errorf("replay %s → %s: %w", session.GetString("code"), to, err)
			}
			session = res.Session.ProxyRecord()
		}
		return nil
	})
	return session, err
}

// path lists the steps from from to target along the happy path.
func path(from, target string) []string {
	if target == domain.StatusCanceled {
		if from == target {
			return nil
		}
		return []string{domain.StatusCanceled}
	}
	var out []string
	on := false
	for _, s := range domain.SessionStatuses[:len(domain.SessionStatuses)-1] {
		if on {
			out = append(out, s)
		}
		if s == from {
			on = true
		}
		if s == target {
			break
		}
	}
	if !on || (len(out) > 0 && out[len(out)-1] != target) {
		return nil
	}
	return out
}

func stepTime(to string, now, start, changesDeadline time.Time) time.Time {
	early := start.Add(-10 * 24 * time.Hour)
	if now.Before(early) {
		early = now
	}
	switch to {
	case domain.StatusNegotiation, domain.StatusPreScheduled, domain.StatusConfirmed:
		return early
	case domain.StatusAssigned:
		if !changesDeadline.IsZero() && now.After(changesDeadline) {
			return now
		}
		return start.Add(-time.Hour)
	case domain.StatusCanceled:
		return now
	}
	if now.Before(start) {
		return start.Add(time.Minute)
	}
	return now
}

// due fills the deposit of a confirmation and pays the balance before
// Completed.
func due(tx core.App, session *core.Record, to string, in *Input) error {
	ps, err := payments.Load(tx, session.Id)
	if err != nil {
		return err
	}
	switch to {
	case domain.StatusConfirmed:
		fresh, err := model.FindSession(tx, session.Id)
		if err != nil {
			return err
		}
		missing := fresh.DepositAmount().Sub(payments.VerifiedDeposit(ps))
		if in.Deposit == nil && missing.IsPositive() {
			in.Deposit = &Deposit{Amount: money.Text(missing.StringFixed(2)), DocumentNumber: "DEP-" + session.GetString("code"), Method: "Transfer"}
		}
	case domain.StatusCompleted:
		left := money.FromStored(session.GetFloat("total")).Sub(payments.NetPaid(ps))
		if !left.IsPositive() {
			return nil
		}
		p, err := verifiedPayment(tx, model.AsSession(session), domain.PaymentBalance, left, "BAL-"+session.GetString("code"), "Transfer", in.At)
		if err != nil {
			return err
		}
		if err := tx.Save(p); err != nil {
			return fmt.Errorf("pay balance of %s: %w", session.GetString("code"), err)
		}
	}
	return nil
}
