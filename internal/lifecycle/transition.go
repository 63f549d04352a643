package lifecycle

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/shopspring/decimal"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/model"
	"github.com/studio/studio/internal/money"
	"github.com/studio/studio/internal/payments"
	"github.com/studio/studio/internal/rbac"
	"github.com/studio/studio/internal/settings"
)

// Deposit is a deposit given with Pre-scheduled → Confirmed; it is recorded
// Verified, by the actor, in the transition's transaction.
type Deposit struct {
	Amount         money.Text `json:"amount"`
	DocumentNumber string     `json:"document_number"`
	Method         string     `json:"method"`
	PaymentDate    string     `json:"payment_date"`
}

// Input is what a caller gives with a transition.
type Input struct {
	Reason    string   `json:"reason"`
	Initiator string   `json:"initiator"`
	Deposit   *Deposit `json:"deposit"`
	// Editor names who takes an Attended session (default: the actor).
	Editor string `json:"editor"`
	// At dates the transition (retroactive entry, demo data); only the
	// system may give it. Zero means now.
	At time.Time `json:"-"`
}

// Result is a done transition: the session as stored and, for a
// cancellation, the refund decision.
type Result struct {
	Session *model.Session
	Refund  *payments.Decision
}

// Transition moves the session to status to on behalf of actor, in one
// transaction of app: it loads the facts, decides (Decide), records a
// deposit given with the transition, writes the status and the fields the
// plan sets, the refund payment, the assignment changes, the status-history
// entry and the email and staff notification intents. On any error
// nothing is written.
func Transition(app core.App, sessionID, to string, actor *rbac.Actor, in Input) (*Result, error) {
	var res *Result
	err := app.RunInTransaction(func(tx core.App) error {
		var err error
		res, err = transition(tx, sessionID, to, actor, in)
		return err
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

func transition(tx core.App, sessionID, to string, actor *rbac.Actor, in Input) (*Result, error) {
	session, err := model.FindSession(tx, sessionID)
	if err != nil || !Visible(actor, session) {
		return nil, domain.Errorf(domain.CodeSessionNotFound, "Session %s not found.", sessionID).With("id", sessionID)
	}
	f, err := facts(tx, session, to, actor, in)
	if err != nil {
		return nil, err
	}
	var deposit decimal.Decimal
	if in.Deposit != nil && f.From == domain.StatusPreScheduled && to == domain.StatusConfirmed {
		if deposit, err = in.Deposit.Amount.Decimal(); err != nil || !deposit.IsPositive() {
			return nil, domain.Invalid("deposit.amount", "The deposit amount must be a positive amount with at most two decimals.").
				With("amount", string(in.Deposit.Amount))
		}
		f.VerifiedDeposit = f.VerifiedDeposit.Add(deposit)
	}
	plan, err := Decide(f)
	if err != nil {
		return nil, err
	}
	if deposit.IsPositive() {
		if err := recordDeposit(tx, session, actor, in.Deposit, deposit, f.Now); err != nil {
			return nil, err
		}
	}
	if err := apply(tx, session, plan, actor); err != nil {
		return nil, err
	}
	if err := effects(tx, session, plan, actor, in, f.Now); err != nil {
		return nil, err
	}
	if !effectsSaveSession(plan) {
		// apply saved this record and nothing wrote the session since: it
		// is what a reload would read. PocketBase keeps a saved record's
		// Original as loaded, so it is marked as read back (PostScan), as a
		// reload would be, for callers that edit and save it again.
		if err := session.PostScan(); err != nil {
			return nil, fmt.Errorf("session %s: %w", sessionID, err)
		}
		return &Result{Session: session, Refund: plan.Refund}, nil
	}
	fresh, err := model.FindSession(tx, sessionID)
	if err != nil {
		return nil, fmt.Errorf("reload session %s: %w", sessionID, err)
	}
	return &Result{Session: fresh, Refund: plan.Refund}, nil
}

// effectsSaveSession reports whether the effects of plan may save the
// session again after apply did: a refund, assignments released or marked
// attended (their hooks re-derive assigned_photographers), or a session
// that opens or closes (its assignments' session_open flags follow).
func effectsSaveSession(plan *Plan) bool {
	return plan.Refund != nil || plan.ReleaseAssignments || len(plan.MarkAttended) > 0 ||
		domain.IsClosed(plan.From) != domain.IsClosed(plan.To)
}

func facts(tx core.App, session *model.Session, to string, actor *rbac.Actor, in Input) (Facts, error) {
	st, err := settings.Load(tx)
	if err != nil {
		return Facts{}, err
	}
	ps, err := payments.Load(tx, session.Id)
	if err != nil {
		return Facts{}, err
	}
	rel, err := loadRelated(tx, session)
	if err != nil {
		return Facts{}, err
	}
	now := settings.Now(tx)
	if !in.At.IsZero() {
		if !actor.System {
			return Facts{}, domain.Invalid("at", "Only the system dates a transition.")
		}
		now = in.At
	}
	f := Facts{
		From: session.Status(), To: to, Now: now, Loc: st.Location(),
		System: actor.System, Can: actor.Can, ActorID: actor.ID(),
		SessionType: session.SessionType(), StartsAt: session.StartsAt(),
		Lines: rel.Lines, Total: session.Total(), DepositAmount: session.DepositAmount(),
		PaymentDeadline: session.PaymentDeadline(), ChangesDeadline: session.ChangesDeadline(),
		HasRoom: session.Room() != "", AssignedEditor: session.AssignedEditor(),
		EditingDays:     session.EditingDays(),
		VerifiedDeposit: payments.VerifiedDeposit(ps), NetPaid: payments.NetPaid(ps),
		PaymentDeadlineDays: st.PaymentDeadlineDays, ChangesDeadlineDays: st.ChangesDeadlineDays,
		MaxEditing: st.MaxConcurrentEditingSessions, RequireFullPayment: st.RequireFullPaymentToComplete,
		Refunds: payments.Policy{WithinDeadline: st.RefundWithinDeadline, AfterDeadline: st.RefundAfterDeadline,
			ForceMajeure: st.RefundForceMajeure, ClientAfterAssigned: st.RefundClientAfterAssigned},
		Reason: in.Reason, Initiator: in.Initiator,
	}
	f.Photographers = rel.Photographers
	f.ClientActive = rel.ClientStatus == domain.Active
	if f.From == domain.StatusAttended && to == domain.StatusInEditing {
		f.Editor = in.Editor
		if f.Editor == "" {
			f.Editor = actor.ID()
		}
		if f.Editor != "" {
			f.EditorEligible = editorEligible(tx, f.Editor)
			if f.EditorLoad, err = editorLoad(tx, f.Editor); err != nil {
				return Facts{}, err
			}
		}
	}
	return f, nil
}

func recordDeposit(tx core.App, session *model.Session, actor *rbac.Actor, d *Deposit, amount decimal.Decimal, now time.Time) error {
	date := now
	if d.PaymentDate != "" {
		t, err := depositDate(tx, d.PaymentDate)
		if err != nil {
			return err
		}
		date = t
	}
	method := d.Method
	if method == "" {
		method = "Cash"
	}
	p, err := verifiedPayment(tx, session, domain.PaymentDeposit, amount, d.DocumentNumber, method, date)
	if err != nil {
		return err
	}
	p.Set("registered_by", actor.ID())
	p.Set("verified_by", actor.ID())
	if err := tx.Save(p); err != nil {
		var de *domain.Error
		if errors.As(err, &de) {
			return de.On(depositField(de.Field))
		}
		return fmt.Errorf("record deposit: %w", err)
	}
	return nil
}

// depositDate reads a deposit's payment date: an RFC 3339 time, or a
// calendar date taken as its first instant in the studio's time zone, so
// that the payment falls on that studio day and month in the reports
// (docs/rules.md §9.3).
func depositDate(tx core.App, value string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, value); err == nil {
		return t, nil
	}
	st, err := settings.Load(tx)
	if err != nil {
		return time.Time{}, err
	}
	t, err := time.ParseInLocation(time.DateOnly, value, st.Location())
	if err != nil {
		return time.Time{}, domain.Invalid("deposit.payment_date", "The payment date must be a date (YYYY-MM-DD) or an RFC 3339 time.")
	}
	return t, nil
}

// verifiedPayment builds (unsaved) a Verified payment of the session.
func verifiedPayment(tx core.App, session *model.Session, kind string, amount decimal.Decimal, doc, method string, date time.Time) (*model.SessionPayment, error) {
	p, err := model.NewSessionPayment(tx)
	if err != nil {
		return nil, err
	}
	p.Set("session", session.Id)
	p.Set("payment_type", kind)
	p.SetAmount(amount)
	p.Set("document_number", doc)
	p.Set("method", method)
	p.Set("payment_date", date)
	p.Set("payment_status", domain.PaymentVerified)
	return p, nil
}

// apply writes the status and the plan's fields under a transition context.
func apply(tx core.App, session *model.Session, plan *Plan, actor *rbac.Actor) error {
	for field, v := range plan.Set {
		if t, ok := v.(time.Time); ok && t.IsZero() {
			session.Set(field, "")
			continue
		}
		session.Set(field, v)
	}
	session.Set("status", plan.To)
	if id := actor.ID(); id != "" {
		session.Set("updated_by", id)
	}
	if err := tx.SaveWithContext(withTransition(context.Background()), session); err != nil {
		return fmt.Errorf("save session %s in %s: %w", session.Id, plan.To, err)
	}
	return nil
}

// depositField names, in a transitions body, the deposit field a payment
// error is about (deposit.amount, deposit.document_number, ...).
func depositField(paymentField string) string {
	switch paymentField {
	case "", "session", "payment_type", "payment_status":
		return "deposit"
	case "payment_date":
		return "deposit.payment_date"
	}
	return "deposit." + paymentField
}
