package lifecycle

import (
	"encoding/json"
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

// related is what a transition reads of a session's neighbours besides
// its payments: how many lines it has, its client's status ("" when the
// client is gone) and the photographers of its assignments that are not
// Reassigned.
type related struct {
	Lines         int
	ClientStatus  string
	Photographers []string
}

// relatedSQL reads related in one statement (one preparation where three
// statements cost three): each part is a lookup of an index, named for the
// lines and the assignments because statistics gathered while the tables
// were small (PocketBase runs PRAGMA optimize after collection saves) made
// SQLite walk session_photographers instead.
const relatedSQL = `SELECT
	(SELECT count(*) FROM ` + model.SessionLines + ` INDEXED BY idx_session_lines_session WHERE session = {:s}) AS lines,
	COALESCE((SELECT status FROM clients WHERE id = {:c}), '') AS client_status,
	(SELECT json_group_array(photographer) FROM ` + model.SessionPhotographers + ` INDEXED BY idx_assignments_session
		WHERE session = {:s} AND assignment_status != {:r}) AS photographers`

// loadRelated reads the session's related facts.
func loadRelated(app core.App, session *model.Session) (related, error) {
	var row struct {
		Lines         int    `db:"lines"`
		ClientStatus  string `db:"client_status"`
		Photographers string `db:"photographers"`
	}
	err := app.DB().NewQuery(relatedSQL).Bind(dbx.Params{"s": session.Id, "c": session.Client(), "r": domain.AssignmentReassigned}).One(&row)
	if err != nil {
		return related{}, fmt.Errorf("lines, client and assignments of session %s: %w", session.Id, err)
	}
	out := related{Lines: row.Lines, ClientStatus: row.ClientStatus}
	if err := json.Unmarshal([]byte(row.Photographers), &out.Photographers); err != nil {
		return related{}, fmt.Errorf("assignments of session %s: %w", session.Id, err)
	}
	return out, nil
}
