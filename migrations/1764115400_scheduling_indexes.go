package migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

func init() {
	m.Register(addSchedulingIndexes, dropSchedulingIndexes)
}

// openSessionsWhere is the partial-index condition "the session holds its
// resources"; it must match the queries of internal/schedule term for term.
const openSessionsWhere = "status NOT IN ('Canceled', 'Completed')"

// schedulingIndexes are the scheduling indexes (see docs/scheduling.md):
// the longest stored interval is read from an expression index in O(log n)
// and bounds every overlap query on both sides of an indexed start column;
// idx_sessions_open_room (one room) and idx_sessions_open_starts (every
// room) hold only open sessions, the ones that block a room, so a window
// far in the past costs nothing, and cover the room queries;
// idx_assignments_coverage (every photographer) and idx_sessions_id_status
// cover the photographer query and its join; the schema's
// idx_assignments_photographer_time serves one photographer. Each query has
// an index led by its range column, so the plans hold without ANALYZE.
var schedulingIndexes = map[string][]index{
	"sessions": {
		idx("idx_sessions_duration", false, "(julianday(ends_at) - julianday(starts_at))"),
		idx("idx_sessions_open_room", false, "room, starts_at, ends_at, status, code, id", openSessionsWhere),
		idx("idx_sessions_open_starts", false, "starts_at, ends_at, room, status, code, id", openSessionsWhere),
		idx("idx_sessions_id_status", false, "id, status, code"),
	},
	"session_photographers": {
		idx("idx_assignments_duration", false, "(julianday(coverage_end) - julianday(coverage_start))"),
		idx("idx_assignments_coverage", false, "coverage_start, coverage_end, photographer, assignment_status, session, id"),
	},
}

func addSchedulingIndexes(app core.App) error {
	for name, indexes := range schedulingIndexes {
		c, err := app.FindCollectionByNameOrId(name)
		if err != nil {
			return err
		}
		withIndexes(c, indexes...)
		if err := app.Save(c); err != nil {
			return fmt.Errorf("add scheduling indexes to %s: %w", name, err)
		}
	}
	return nil
}

func dropSchedulingIndexes(app core.App) error {
	for name, indexes := range schedulingIndexes {
		c, err := app.FindCollectionByNameOrId(name)
		if err != nil {
			return err
		}
		for _, i := range indexes {
			c.RemoveIndex(i.name)
		}
		if err := app.Save(c); err != nil {
			return fmt.Errorf("drop scheduling indexes of %s: %w", name, err)
		}
	}
	return nil
}
