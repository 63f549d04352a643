// Package notify records what must be told to whom: email intents in the
// outbox and staff notifications, both written inside the caller's
// business transaction so that a rollback drops them and a commit keeps
// them (docs/rules.md §7).
package notify

import (
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/settings"
)

// Email templates (docs/rules.md §7).
const (
	TemplateConfirmation        = "confirmation"
	TemplateMaterialReady       = "material_ready"
	TemplateCancellation        = "cancellation"
	TemplatePaymentReminder     = "payment_reminder"
	TemplateDeliveryDateChanged = "delivery_date_changed"
)

// Staff notification kinds (docs/rules.md §7).
const (
	KindAssignment       = "assignment"
	KindReassignment     = "reassignment"
	KindSessionAttended  = "session_attended"
	KindMaterialReady    = "material_ready"
	KindMissingResources = "missing_resources"
	KindHighRiskClient   = "high_risk_client"
	KindIntegrity        = "integrity_problem"
	// KindSessionAssigned tells a session's photographers it is locked in
	// (Confirmed → Assigned); KindAssignment is sent when one is placed on
	// a session.
	KindSessionAssigned = "session_assigned"
)

// EmailIntent is one email to send after commit.
type EmailIntent struct {
	// Template is one of the Template* names.
	Template string
	// Recipient is the address the email goes to.
	Recipient string
	// Session is the session the email is about, if any.
	Session string
	// Data is what the template renders, under the Data* keys (amounts as
	// decimal strings, dates as PocketBase datetimes): the snapshot taken
	// in the transaction. Keys left out are read from Session and its
	// client when the email is rendered.
	Data map[string]any
}

// Email queues an email in the outbox. tx must be the business
// transaction's app so the entry commits or rolls back with the change.
func Email(tx core.App, in EmailIntent) error {
	c, err := tx.FindCachedCollectionByNameOrId("outbox")
	if err != nil {
		return err
	}
	r := core.NewRecord(c)
	r.Set("kind", "email")
	r.Set("template", in.Template)
	r.Set("recipient", in.Recipient)
	r.Set("session", in.Session)
	r.Set("data", in.Data)
	r.Set("status", domain.OutboxPending)
	r.Set("attempts", 0)
	r.Set("next_attempt_at", settings.Now(tx))
	if err := tx.Save(r); err != nil {
		return fmt.Errorf("queue %s email: %w", in.Template, err)
	}
	return nil
}

// Staff creates one notification per distinct user id, inside tx.
func Staff(tx core.App, userIDs []string, kind, title, body, session string) error {
	c, err := tx.FindCachedCollectionByNameOrId("notifications")
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, id := range userIDs {
		if id == "" || seen[id] {
			continue
		}
		seen[id] = true
		r := core.NewRecord(c)
		r.Set("user", id)
		r.Set("kind", kind)
		r.Set("title", title)
		r.Set("body", body)
		r.Set("session", session)
		if err := tx.Save(r); err != nil {
			return fmt.Errorf("notify %s: %w", kind, err)
		}
	}
	return nil
}

// ActiveUsersInRole lists the ids of Active users holding the named role
// (the audience of "all editors", "coordinators", "admins").
func ActiveUsersInRole(tx core.App, role string) ([]string, error) {
	users, err := tx.FindRecordsByFilter("users", "status = 'Active' && roles.name ?= {:role}", "", 0, 0, dbx.Params{"role": role})
	if err != nil {
		return nil, fmt.Errorf("users in role %s: %w", role, err)
	}
	ids := make([]string, len(users))
	for i, u := range users {
		ids[i] = u.Id
	}
	return ids, nil
}
