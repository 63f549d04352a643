package schedule

import (
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/model"
)

// session_photographers.session_open is derived state: true while the
// assignment's session is open (neither Canceled nor Completed). It lets
// the availability answer read the assignments that block a photographer
// from one partial covering index, without joining every assignment to its
// session. Hooks keep it in step in the transaction that changes an
// assignment or its session's status; SyncOpenFlags rewrites it from the
// sessions.

// OpenCoverageWhere is the partial-index condition of
// idx_assignments_open_coverage; queries repeat it term for term so SQLite
// can use the index.
const OpenCoverageWhere = "session_open = 1 AND assignment_status != 'Reassigned'"

// SyncOpenFlags sets session_open of the assignments of one session (or of
// every session when sessionID is "") from the session's status.
func SyncOpenFlags(app core.App, sessionID string) error {
	q := "UPDATE " + model.SessionPhotographers + " SET session_open = COALESCE((SELECT s." + openSessions +
		" FROM " + model.Sessions + " s WHERE s.id = " + model.SessionPhotographers + ".session), FALSE)"
	params := dbx.Params{}
	if sessionID != "" {
		q += " WHERE session = {:session}"
		params["session"] = sessionID
	}
	if _, err := app.DB().NewQuery(q).Bind(params).Execute(); err != nil {
		return fmt.Errorf("sync session_open of assignments: %w", err)
	}
	return nil
}
