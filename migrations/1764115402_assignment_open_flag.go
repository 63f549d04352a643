package migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// openCoverageWhere is the partial-index condition of
// idx_assignments_open_coverage as written here; the live queries repeat it
// term for term (tests/api TestSeedMatchesSource compares them).
const openCoverageWhere = "session_open = 1 AND assignment_status != 'Reassigned'"

// syncOpenFlagsSQL sets session_open of every existing assignment from its
// session's status: open unless Canceled or Completed.
const syncOpenFlagsSQL = "UPDATE session_photographers SET session_open = COALESCE((SELECT s.status NOT IN ('Canceled', 'Completed')" +
	" FROM sessions s WHERE s.id = session_photographers.session), FALSE)"

// session_photographers.session_open (derived, hidden) and the partial
// covering index that serves the availability answer: only assignments
// that block a photographer are in it.
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
			"coverage_start, coverage_end, photographer, assignment_status, session, id", openCoverageWhere)
		if err := app.Save(c); err != nil {
			return fmt.Errorf("add session_open: %w", err)
		}
		if _, err := app.DB().NewQuery(syncOpenFlagsSQL).Execute(); err != nil {
			return fmt.Errorf("fill session_open: %w", err)
		}
		return nil
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
