package migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

func init() {
	m.Register(widenListScopeIndexes, narrowListScopeIndexes)
}

// listScopeIndexes serve a staff member's list of sessions
// (docs/performance.md). The total is counted from indexes alone: the
// sessions of one photographer's assignments, the sessions of one editor
// and the sessions in one status, each a range of one index that holds the
// session id, so no row is read. The page walks idx_sessions_starts newest
// first and tests the list rule on each entry; with the columns the rule
// reads in the index, SQLite reads a session's row only when it passes.
// The sessions indexes keep their names and leading columns; the
// assignments index is new.
var listScopeIndexes = map[string][2][]index{
	"sessions": {
		{ // up
			idx("idx_sessions_status", false, "status, starts_at, id"),
			idx("idx_sessions_editor", false, "assigned_editor, status, id"),
			idx("idx_sessions_starts", false, "starts_at, status, assigned_editor, assigned_photographers"),
		},
		{ // down: the schema's forms
			idx("idx_sessions_status", false, "status, starts_at"),
			idx("idx_sessions_editor", false, "assigned_editor, status"),
			idx("idx_sessions_starts", false, "starts_at"),
		},
	},
	"session_photographers": {
		{idx("idx_assignments_photographer_session", false, "photographer, session, assignment_status")},
		nil,
	},
}

func widenListScopeIndexes(app core.App) error { return applyListScopeIndexes(app, 0) }

func narrowListScopeIndexes(app core.App) error {
	c, err := app.FindCollectionByNameOrId("session_photographers")
	if err != nil {
		return err
	}
	c.RemoveIndex("idx_assignments_photographer_session")
	if err := app.Save(c); err != nil {
		return fmt.Errorf("drop list scope index: %w", err)
	}
	return applyListScopeIndexes(app, 1)
}

func applyListScopeIndexes(app core.App, way int) error {
	for name, forms := range listScopeIndexes {
		if len(forms[way]) == 0 {
			continue
		}
		c, err := app.FindCollectionByNameOrId(name)
		if err != nil {
			return err
		}
		withIndexes(c, forms[way]...)
		if err := app.Save(c); err != nil {
			return fmt.Errorf("list scope indexes of %s: %w", name, err)
		}
	}
	return nil
}
