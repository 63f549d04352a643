package lifecycle

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/model"
	"github.com/studio/studio/internal/notify"
	"github.com/studio/studio/internal/rbac"
)

// effects writes what follows a transition in the same transaction: the
// rejection of pending refunds and the refund, assignment changes, history entry, emails and notifications.
func effects(tx core.App, session *model.Session, plan *Plan, actor *rbac.Actor, in Input, now time.Time) error {
	if plan.Refund != nil {
		if err := rejectPendingRefunds(tx, session.Id); err != nil {
			return err
		}
	}
	if plan.Refund != nil && plan.Refund.Amount.IsPositive() {
		if err := recordRefund(tx, session, plan, actor, now); err != nil {
			return err
		}
	}
	if err := updateAssignments(tx, session.Id, plan); err != nil {
		return err
	}
	if err := history(tx, session.Id, plan, actor, in.Reason); err != nil {
		return err
	}
	return intents(tx, session, plan)
}

func recordRefund(tx core.App, session *model.Session, plan *Plan, actor *rbac.Actor, now time.Time) error {
	p, err := verifiedPayment(tx, session, domain.PaymentRefund, plan.Refund.Amount, "REFUND-"+session.Code(), "Other", now)
	if err != nil {
		return err
	}
	p.Set("refund_percentage", plan.Refund.Percentage.InexactFloat64())
	p.Set("refund_rule", plan.Refund.Rule)
	p.Set("notes", "Refund on cancellation")
	p.Set("registered_by", actor.ID())
	p.Set("verified_by", actor.ID())
	// The session is already Canceled: only the lifecycle's own save may
	// add a payment to it.
	if err := tx.SaveWithContext(withTransition(context.Background()), p); err != nil {
		return fmt.Errorf("record refund: %w", err)
	}
	return nil
}

func updateAssignments(tx core.App, sessionID string, plan *Plan) error {
	if len(plan.MarkAttended) == 0 && !plan.ReleaseAssignments {
		return nil
	}
	list, err := activeAssignments(tx, sessionID)
	if err != nil {
		return err
	}
	for _, a := range list {
		switch {
		case plan.ReleaseAssignments:
			a.Set("assignment_status", domain.AssignmentReassigned)
			a.Set("notes", joinNote(a.GetString("notes"), "Released: session canceled."))
		case slices.Contains(plan.MarkAttended, a.Photographer()):
			a.Set("attended", true)
		default:
			continue
		}
		if err := tx.SaveWithContext(withTransition(context.Background()), a); err != nil {
			return fmt.Errorf("update assignment %s: %w", a.Id, err)
		}
	}
	return nil
}

func joinNote(old, add string) string {
	if old == "" {
		return add
	}
	return old + "\n" + add
}

func history(tx core.App, sessionID string, plan *Plan, actor *rbac.Actor, reason string) error {
	c, err := tx.FindCachedCollectionByNameOrId("session_status_history")
	if err != nil {
		return err
	}
	h := core.NewRecord(c)
	h.Set("session", sessionID)
	h.Set("previous_status", plan.From)
	h.Set("new_status", plan.To)
	h.Set("reason", reason)
	h.Set("changed_by", actor.ID())
	if actor != nil && actor.Superuser && actor.Record != nil {
		h.Set("changed_by_superuser", actor.Record.Id)
	}
	if err := tx.Save(h); err != nil {
		return fmt.Errorf("status history: %w", err)
	}
	return nil
}

func intents(tx core.App, session *model.Session, plan *Plan) error {
	code := session.Code()
	if plan.Email != "" {
		client, err := tx.FindRecordById("clients", session.Client())
		if err != nil {
			return fmt.Errorf("client of session %s: %w", code, err)
		}
		data := map[string]any{
			"session_code": code, "client_name": client.GetString("full_name"),
			"starts_at": session.GetDateTime("starts_at").String(), "total": session.Total().StringFixed(2),
		}
		if plan.Refund != nil {
			data["refund_amount"] = plan.Refund.Amount.StringFixed(2)
			data["refund_percentage"] = plan.Refund.Percentage.String()
			data["refund_rule"] = plan.Refund.Rule
			data["reason"] = session.GetString("cancellation_reason")
		}
		if err := notify.Email(tx, notify.EmailIntent{Template: plan.Email, Recipient: client.GetString("email"), Session: session.Id, Data: data}); err != nil {
			return err
		}
	}
	var users []string
	switch {
	case plan.NotifyPhotographers:
		list, err := activeAssignments(tx, session.Id)
		if err != nil {
			return err
		}
		for _, a := range list {
			users = append(users, a.Photographer())
		}
	case plan.NotifyRole != "":
		var err error
		if users, err = notify.ActiveUsersInRole(tx, plan.NotifyRole); err != nil {
			return err
		}
	}
	if len(users) == 0 {
		return nil
	}
	title := fmt.Sprintf("Session %s: %s", code, plan.To)
	body := fmt.Sprintf("Session %s is now %s (starts %s).", code, plan.To, session.GetDateTime("starts_at").String())
	return notify.Staff(tx, users, plan.NotifyKind, title, body, session.Id)
}
