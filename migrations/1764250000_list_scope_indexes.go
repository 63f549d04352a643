package migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

func init() {
	m.Register(widenListScopeIndexes, narrowListScopeIndexes)
}

// listScopeIndexes let a staff member's sessions total be counted from
// indexes alone (docs/performance.md): the sessions of one photographer's
// assignments, the sessions of one editor and the sessions in one status,
// each as a range of one index that holds the session id, so no row is
// read. The two sessions indexes keep their names and leading columns and
// gain id; the assignments index is new.
var listScopeIndexes = map[string][2][]index{
	"sessions": {
		{ // up
			idx("idx_sessions_status", false, "status, starts_at, id"),
			idx("idx_sessions_editor", false, "assigned_editor, status, id"),
		},
		{ // down: the schema's forms
			idx("idx_sessions_status", false, "status, starts_at"),
			idx("idx_sessions_editor", false, "assigned_editor, status"),
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
