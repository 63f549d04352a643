package migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"github.com/studio/studio/internal/schedule"
)

// session_photographers.session_open (derived, hidden) and the partial
// covering index that serves the availability answer: only assignments
// that block a photographer are in it (see internal/schedule/open.go).
func init() {
	m.Register(func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("session_photographers")
		if err != nil {
			return err
		}
		c.Fields.Add(&core.BoolField{Name: "session_open", Hidden: true})
		// Superseded by the partial index below: only the availability
		// answer read every photographer's coverage.
		c.RemoveIndex("idx_assignments_coverage")
		c.AddIndex("idx_assignments_open_coverage", false,
			"coverage_start, coverage_end, photographer, assignment_status, session, id", schedule.OpenCoverageWhere)
		if err := app.Save(c); err != nil {
			return fmt.Errorf("add session_open: %w", err)
		}
		return schedule.SyncOpenFlags(app, "")
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("session_photographers")
		if err != nil {
			return err
		}
		c.RemoveIndex("idx_assignments_open_coverage")
		c.AddIndex("idx_assignments_coverage", false, "coverage_start, coverage_end, photographer, assignment_status, session, id", "")
		c.Fields.RemoveByName("session_open")
		return app.Save(c)
	})
}
