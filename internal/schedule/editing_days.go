package schedule

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/lifecycle"
	"github.com/studio/studio/internal/model"
	"github.com/studio/studio/internal/rbac"
	"github.com/studio/studio/internal/settings"
)

// ChangeEditingDays lets the assigned editor, a coordinator or
// session.edit.all change estimated_editing_days of a session In Editing,
// with an observation: the delivery date is recomputed, the observation
// appended to editor_observations and the client emailed, in one
// transaction (app's own if it is one). It answers the saved session.
func ChangeEditingDays(app core.App, sessionID string, actor *rbac.Actor, days int, observation string) (*model.Session, error) {
	if days < 1 || days > 365 {
		return nil, domain.Invalid("estimated_editing_days", "estimated_editing_days must be between 1 and 365.")
	}
	if len(observation) == 0 || len(observation) > 2000 {
		return nil, domain.Invalid("observation", "An observation (up to 2000 characters) is required.")
	}
	var session *model.Session
	err := app.RunInTransaction(func(tx core.App) error {
		var err error
		session, err = model.FindSession(tx, sessionID)
		if err != nil {
			return domain.Errorf(domain.CodeSessionNotFound, "Session not found.")
		}
		if !actor.Can(rbac.SessionEditAll) && (actor.ID() == "" || actor.ID() != session.AssignedEditor()) && !actor.Can(rbac.CoordinatorPermission) {
			return domain.Forbidden(rbac.SessionMarkReady)
		}
		if session.Status() != domain.StatusInEditing {
			return domain.Errorf(domain.CodeImmutableSession, "Editing days change only while the session is In Editing.").
				With("status", session.Status())
		}
		st, err := settings.Load(tx)
		if err != nil {
			return err
		}
		loc := st.Location()
		delivery := lifecycle.DeliveryDate(session.StartsAt(), days, loc)
		note := fmt.Sprintf("Estimated editing days %d → %d (delivery %s): %s",
			session.EditingDays(), days, LocalDate(delivery, loc), observation)
		session.SetEditingDays(days)
		session.SetEditorObservations(AppendObservation(session.EditorObservations(), settings.Now(tx), loc, author(actor), note))
		if id := actor.ID(); id != "" {
			session.SetUpdatedBy(id)
		}
		// The sessions hooks derive estimated_delivery_date from the date and
		// the days and, when it moves, queue the client's
		// delivery_date_changed email in this transaction.
		if err := tx.Save(session); err != nil {
			return err
		}
		session, err = model.FindSession(tx, session.Id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return session, nil
}

// author is how an observation is signed: the actor's name, else email,
// else "system".
func author(actor *rbac.Actor) string {
	if actor.Record == nil {
		return "system"
	}
	if name := actor.Record.GetString("name"); name != "" {
		return name
	}
	return actor.Record.GetString("email")
}
