package lifecycle

import (
	"slices"
	"time"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/notify"
	"github.com/studio/studio/internal/payments"
	"github.com/studio/studio/internal/rbac"
)

func (f Facts) toNegotiationFromRequest() error {
	if !f.can(rbac.SessionEditPreAssigned) {
		return domain.Forbidden(rbac.SessionEditPreAssigned)
	}
	if !f.ClientActive {
		return domain.Invalid("client", "The session needs an active client.")
	}
	if f.SessionType == "" {
		return domain.Invalid("session_type", "The session needs a type.")
	}
	if !f.StartsAt.After(f.Now) {
		return domain.Errorf(domain.CodeInvalidSessionDate, "The session date %s is not in the future.", stamp(f.StartsAt)).
			On("starts_at").With("starts_at", stamp(f.StartsAt))
	}
	return nil
}

func (f Facts) toPreScheduled(p *Plan) error {
	if !f.can(rbac.SessionEditPreAssigned) {
		return domain.Forbidden(rbac.SessionEditPreAssigned)
	}
	if f.Lines == 0 {
		return domain.Invalid("lines", "Add at least one detail line before pre-scheduling.")
	}
	if !f.Total.IsPositive() {
		return domain.Invalid("total", "The session total must be greater than zero before pre-scheduling.")
	}
	p.Set["payment_deadline"] = PaymentDeadline(f.Now, f.PaymentDeadlineDays, f.Loc)
	return nil
}

func (f Facts) toConfirmed(p *Plan) error {
	if !f.can(rbac.SessionEditPreAssigned) {
		return domain.Forbidden(rbac.SessionEditPreAssigned)
	}
	if f.PaymentDeadline.IsZero() || f.Now.After(f.PaymentDeadline) {
		return domain.Errorf(domain.CodePaymentDeadlineExpired, "The payment deadline (%s) has passed.", stamp(f.PaymentDeadline)).
			With("payment_deadline", stamp(f.PaymentDeadline))
	}
	if f.VerifiedDeposit.LessThan(f.DepositAmount) {
		return domain.Errorf(domain.CodeInsufficientPayment, "A verified deposit of %s is needed; %s is verified.",
			f.DepositAmount.StringFixed(2), f.VerifiedDeposit.StringFixed(2)).
			With("deposit_amount", f.DepositAmount.StringFixed(2)).With("verified_deposit", f.VerifiedDeposit.StringFixed(2))
	}
	p.Set["payment_deadline"] = time.Time{}
	p.Set["changes_deadline"] = ChangesDeadline(f.StartsAt, f.ChangesDeadlineDays, f.Loc)
	p.Email = notify.TemplateConfirmation
	return nil
}

func (f Facts) backFromConfirmed(p *Plan) error {
	if !f.can(rbac.SessionEditPreAssigned) {
		return domain.Forbidden(rbac.SessionEditPreAssigned)
	}
	if !f.ChangesDeadline.IsZero() && f.Now.After(f.ChangesDeadline) {
		return domain.Errorf(domain.CodeChangesDeadlineExpired, "The changes deadline (%s) has passed.", stamp(f.ChangesDeadline)).
			With("changes_deadline", stamp(f.ChangesDeadline))
	}
	p.Set["changes_deadline"] = time.Time{}
	return nil
}

func (f Facts) toAssigned(p *Plan) error {
	if !f.can(rbac.SessionAssignResources) {
		return domain.Forbidden(rbac.SessionAssignResources)
	}
	if !f.ChangesDeadline.IsZero() && !f.Now.After(f.ChangesDeadline) {
		return domain.Errorf(domain.CodeInvalidStateTransition,
			"The session can be assigned only after its changes deadline (%s).", stamp(f.ChangesDeadline)).
			With("changes_deadline", stamp(f.ChangesDeadline))
	}
	var missing []string
	if len(f.Photographers) == 0 {
		missing = append(missing, "photographer")
	}
	if f.SessionType == domain.SessionTypeStudio && !f.HasRoom {
		missing = append(missing, "room")
	}
	if len(missing) > 0 {
		return domain.Errorf(domain.CodeMissingResources, "The session still needs: %v.", missing).With("missing", missing)
	}
	p.Set["estimated_delivery_date"] = DeliveryDate(f.StartsAt, f.EditingDays, f.Loc)
	p.NotifyPhotographers = true
	p.NotifyKind = notify.KindSessionAssigned
	return nil
}

func (f Facts) toAttended(p *Plan) error {
	if !f.can(rbac.SessionMarkAttended) {
		return domain.Forbidden(rbac.SessionMarkAttended)
	}
	photographer := f.isPhotographer()
	if !photographer && !f.can(rbac.SessionEditAll) && !f.coordinator() {
		return domain.Forbidden(rbac.SessionMarkAttended).With("reason", "only an assigned photographer, a coordinator or session.edit.all")
	}
	if f.Now.Before(f.StartsAt) {
		return domain.Errorf(domain.CodeInvalidSessionDate, "The session starts at %s; it cannot be attended before.", stamp(f.StartsAt)).
			With("starts_at", stamp(f.StartsAt))
	}
	if photographer {
		p.MarkAttended = []string{f.ActorID}
	} else {
		p.MarkAttended = slices.Clone(f.Photographers)
	}
	p.NotifyRole = rbac.RoleEditor
	p.NotifyKind = notify.KindSessionAttended
	return nil
}

func (f Facts) toInEditing(p *Plan) error {
	if !f.can(rbac.SessionMarkReady) {
		return domain.Forbidden(rbac.SessionMarkReady)
	}
	if f.Editor == "" {
		return domain.Invalid("editor", "Name the editor who takes the session.")
	}
	if f.Editor != f.ActorID && !f.can(rbac.SessionEditAll) {
		return domain.Forbidden(rbac.SessionEditAll).On("editor").With("reason", "only session.edit.all may give a session to another editor")
	}
	if !f.EditorEligible {
		return domain.Invalid("editor", "The editor must be an active user holding session.mark-ready.")
	}
	if f.AssignedEditor != "" {
		return domain.Errorf(domain.CodeInvalidStateTransition, "The session already has an editor.").With("assigned_editor", f.AssignedEditor)
	}
	if f.EditorLoad >= f.MaxEditing {
		return domain.Errorf(domain.CodeEditorAtCapacity, "The editor already has %d sessions In Editing (maximum %d).", f.EditorLoad, f.MaxEditing).
			With("in_editing", f.EditorLoad).With("max", f.MaxEditing)
	}
	p.Set["assigned_editor"] = f.Editor
	return nil
}

func (f Facts) toReady(p *Plan) error {
	if !f.can(rbac.SessionMarkReady) {
		return domain.Forbidden(rbac.SessionMarkReady)
	}
	if !f.isAssignedEditor() && !f.coordinator() && !f.can(rbac.SessionEditAll) {
		return domain.Forbidden(rbac.SessionMarkReady).With("reason", "only the assigned editor, a coordinator or session.edit.all")
	}
	p.Email = notify.TemplateMaterialReady
	p.NotifyRole = rbac.RoleCoordinator
	p.NotifyKind = notify.KindMaterialReady
	return nil
}

func (f Facts) toCompleted() error {
	if !f.can(rbac.SessionEditAll) && !f.coordinator() {
		return domain.Forbidden(rbac.SessionEditAll)
	}
	if f.RequireFullPayment && !f.NetPaid.Equal(f.Total) {
		return domain.Errorf(domain.CodeBalanceDue, "%s of %s is paid; the balance must be paid first.", f.NetPaid.StringFixed(2), f.Total.StringFixed(2)).
			With("net_paid", f.NetPaid.StringFixed(2)).With("total", f.Total.StringFixed(2))
	}
	return nil
}

func (f Facts) cancel(p *Plan) error {
	if !f.can(rbac.SessionCancel) {
		return domain.Forbidden(rbac.SessionCancel)
	}
	if domain.Blank(f.Reason) {
		return domain.Invalid("reason", "A cancellation needs a reason that says something; blanks alone are not one.")
	}
	if !slices.Contains(domain.CancellationInitiators, f.Initiator) {
		return domain.Invalid("initiator", "The initiator must be one of client, company, force_majeure or system.")
	}
	if f.Initiator == domain.InitiatorSystem && !f.System {
		return domain.Invalid("initiator", "Only the system cancels as the system.")
	}
	d := payments.RefundFor(f.From, f.Initiator, f.Now, f.ChangesDeadline, f.NetPaid, f.Refunds)
	p.Refund = &d
	p.Set["canceled_at"] = f.Now
	p.Set["cancellation_reason"] = f.Reason
	p.Set["cancellation_initiator"] = f.Initiator
	p.ReleaseAssignments = true
	p.Email = notify.TemplateCancellation
	return nil
}
