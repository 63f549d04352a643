package testapp

import (
	"github.com/studio/studio/internal/schedule"

	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// BulkSession is a session row written straight into the table (no hooks):
// for schedules of any size, including data the hooks would refuse.
type BulkSession struct {
	ID, Code, Client, Type, Status, Room, Location string
	Start, End                                     time.Time
}

// BulkAssignment is an assignment row written straight into the table.
type BulkAssignment struct {
	ID, Session, Photographer, Status string
	Start, End                        time.Time
	Lead                              bool
}

// bulkRows is how many rows one INSERT statement carries.
const bulkRows = 200

func dbTime(t time.Time) string { return t.UTC().Format(types.DefaultDateLayout) }

// rowsBuilder renders the VALUES of a multi-row INSERT with named
// parameters.
type rowsBuilder struct {
	rows   []string
	params dbx.Params
}

func (b *rowsBuilder) row(values ...any) {
	if b.params == nil {
		b.params = dbx.Params{}
	}
	names := make([]string, len(values))
	for i, v := range values {
		name := fmt.Sprintf("p%d", len(b.params))
		b.params[name] = v
		names[i] = "{:" + name + "}"
	}
	b.rows = append(b.rows, "("+strings.Join(names, ", ")+")")
}

func (b *rowsBuilder) sql() string { return strings.Join(b.rows, ", ") }

// BulkInsert writes the sessions and assignments in one transaction with
// multi-row INSERTs, bypassing every hook: a seeding tool for load tests
// and brute-force comparisons, never a way to create business data.
func BulkInsert(t testing.TB, app core.App, sessions []BulkSession, assignments []BulkAssignment) {
	t.Helper()
	stamp := dbTime(time.Now())
	err := app.RunInTransaction(func(tx core.App) error {
		for from := 0; from < len(sessions); from += bulkRows {
			chunk := sessions[from:min(from+bulkRows, len(sessions))]
			var b rowsBuilder
			for _, s := range chunk {
				b.row(s.ID, s.Code, s.Client, s.Type, s.Status, dbTime(s.Start), dbTime(s.End), s.Room, s.Location, stamp, stamp)
			}
			q := "INSERT INTO sessions (id, code, client, session_type, status, starts_at, ends_at, room, location, created, updated) VALUES " + b.sql()
			if _, err := tx.DB().NewQuery(q).Bind(b.params).Execute(); err != nil {
				return fmt.Errorf("bulk sessions: %w", err)
			}
		}
		for from := 0; from < len(assignments); from += bulkRows {
			chunk := assignments[from:min(from+bulkRows, len(assignments))]
			var b rowsBuilder
			for _, a := range chunk {
				b.row(a.ID, a.Session, a.Photographer, a.Status, dbTime(a.Start), dbTime(a.End), a.Lead, stamp, stamp)
			}
			q := "INSERT INTO session_photographers (id, session, photographer, assignment_status, coverage_start, coverage_end, is_lead, created, updated) VALUES " + b.sql()
			if _, err := tx.DB().NewQuery(q).Bind(b.params).Execute(); err != nil {
				return fmt.Errorf("bulk assignments: %w", err)
			}
		}
		return schedule.SyncOpenFlags(tx, "")
	})
	if err != nil {
		t.Fatalf("bulk insert: %v", err)
	}
}
