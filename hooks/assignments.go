package hooks

import (
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
)

// registerAssignmentSync keeps sessions.assigned_photographers equal to the
// photographers of the session's assignments that are not Reassigned. The
// field backs the session.view.own rules, so it is derived state: written
// only here, in the same transaction as the assignment change.
func registerAssignmentSync(app core.App) {
	sync := func(e *core.RecordEvent) error {
		return inTransaction(e, func(tx core.App) error {
			if err := e.Next(); err != nil {
				return err
			}
			sessionIDs := []string{e.Record.GetString("session")}
			if old := e.Record.Original(); old != nil && old.GetString("session") != sessionIDs[0] && old.GetString("session") != "" {
				sessionIDs = append(sessionIDs, old.GetString("session"))
			}
			for _, id := range sessionIDs {
				if err := syncAssignedPhotographers(tx, id); err != nil {
					return err
				}
			}
			return nil
		})
	}
	app.OnRecordCreate("session_photographers").BindFunc(sync)
	app.OnRecordUpdate("session_photographers").BindFunc(sync)
	app.OnRecordDelete("session_photographers").BindFunc(sync)

	// Whatever a caller sends, the stored value is recomputed.
	app.OnRecordValidate("sessions").BindFunc(func(e *core.RecordEvent) error {
		if e.Record.IsNew() {
			e.Record.Set("assigned_photographers", []string{})
			return e.Next()
		}
		ids, err := activePhotographers(e.App, e.Record.Id)
		if err != nil {
			return err
		}
		e.Record.Set("assigned_photographers", ids)
		return e.Next()
	})
}

// activePhotographers lists the photographers of a session's assignments
// that are not Reassigned.
func activePhotographers(app core.App, sessionID string) ([]string, error) {
	var ids []string
	err := app.DB().Select("photographer").Distinct(true).From("session_photographers").
		Where(dbx.HashExp{"session": sessionID}).
		AndWhere(dbx.NewExp("assignment_status != {:r}", dbx.Params{"r": domain.AssignmentReassigned})).
		OrderBy("photographer").Column(&ids)
	if err != nil {
		return nil, fmt.Errorf("list photographers of session %s: %w", sessionID, err)
	}
	return ids, nil
}

func syncAssignedPhotographers(app core.App, sessionID string) error {
	session, err := app.FindRecordById("sessions", sessionID)
	if err != nil {
		return nil // the session itself is being deleted (cascade)
	}
	ids, err := activePhotographers(app, sessionID)
	if err != nil {
		return err
	}
	if sameSet(ids, session.GetStringSlice("assigned_photographers")) {
		return nil
	}
	session.Set("assigned_photographers", ids)
	return app.Save(session)
}
