package lifecycle

import (
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/model"
	"github.com/studio/studio/internal/rbac"
)

// activeAssignments lists the session's assignments not Reassigned.
func activeAssignments(app core.App, sessionID string) ([]*model.Assignment, error) {
	recs, err := app.FindRecordsByFilter(model.SessionPhotographers, "session = {:s} && assignment_status != {:r}", "created", 0, 0,
		dbx.Params{"s": sessionID, "r": domain.AssignmentReassigned})
	if err != nil {
		return nil, fmt.Errorf("assignments of session %s: %w", sessionID, err)
	}
	out := make([]*model.Assignment, len(recs))
	for i, r := range recs {
		out[i] = model.AsAssignment(r)
	}
	return out, nil
}

// editorLoad counts the sessions In Editing of an editor.
func editorLoad(app core.App, editorID string) (int, error) {
	var n int
	err := app.DB().Select("count(*)").From(model.Sessions).
		Where(dbx.HashExp{"assigned_editor": editorID, "status": domain.StatusInEditing}).Row(&n)
	if err != nil {
		return 0, fmt.Errorf("editing load of %s: %w", editorID, err)
	}
	return n, nil
}

// editorEligible reports whether the user exists, is Active and holds
// session.mark-ready.
func editorEligible(app core.App, userID string) bool {
	u, err := app.FindRecordById("users", userID)
	if err != nil {
		return false
	}
	a, err := rbac.ActorFor(app, u)
	return err == nil && a.Can(rbac.SessionMarkReady)
}

// Visible reports whether the actor may see the session (docs/rules.md §1
// scopes): session.view.all, an assigned photographer, its editor, or an
// editor looking at the Attended queue.
func Visible(actor *rbac.Actor, session *model.Session) bool {
	if actor.Can(rbac.SessionViewAll) {
		return true
	}
	if !actor.Can(rbac.SessionViewOwn) || actor.ID() == "" {
		return false
	}
	id := actor.ID()
	for _, p := range session.AssignedPhotographers() {
		if p == id {
			return true
		}
	}
	if session.AssignedEditor() == id {
		return true
	}
	return session.Status() == domain.StatusAttended && actor.Can(rbac.SessionMarkReady)
}

// lineCount counts the session's detail lines.
func lineCount(app core.App, sessionID string) (int, error) {
	var n int
	err := app.DB().Select("count(*)").From(model.SessionLines).Where(dbx.HashExp{"session": sessionID}).Row(&n)
	if err != nil {
		return 0, fmt.Errorf("lines of session %s: %w", sessionID, err)
	}
	return n, nil
}
