package hooks

import (
	"fmt"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/schedule"
)

// registerRoomChecks enforces "a room holds one open session at a time"
// (domain.md §6) on every path: REST, batch, transitions (the lifecycle
// saves sessions with app.Save), cron and Go code. The check and the write
// share one transaction, and SQLite has one writer, so of N concurrent
// bookings of one slot exactly one wins. After a change of a session's
// times its assignments' coverage follows the session and is re-checked.
func registerRoomChecks(app core.App) {
	guard := func(e *core.RecordEvent) error {
		return inTransaction(e, func(tx core.App) error {
			if err := checkRoom(tx, e.Record); err != nil {
				return err
			}
			change := sessionChangeOf(e.Record) // read before the save marks the record stored
			if err := e.Next(); err != nil {
				return err
			}
			return followSession(tx, e.Record, change)
		})
	}
	app.OnRecordCreate("sessions").BindFunc(guard)
	app.OnRecordUpdate("sessions").BindFunc(guard)
}

// sessionInterval is the session's [starts_at, ends_at).
func sessionInterval(r *core.Record) schedule.Interval {
	return schedule.Interval{Start: r.GetDateTime("starts_at").Time(), End: r.GetDateTime("ends_at").Time()}
}

func timesChanged(r *core.Record) bool {
	old := r.Original()
	if r.IsNew() || old == nil {
		return false
	}
	return !old.GetDateTime("starts_at").Equal(r.GetDateTime("starts_at")) || !old.GetDateTime("ends_at").Equal(r.GetDateTime("ends_at"))
}

// checkRoom refuses to book the session's room when the room is not Active
// or another open session holds it over an overlapping interval.
func checkRoom(tx core.App, r *core.Record) error {
	room := r.GetString("room")
	if room == "" || domain.IsClosed(r.GetString("status")) {
		return nil
	}
	old := r.Original()
	if !r.IsNew() && old != nil && old.GetString("room") == room && !timesChanged(r) {
		return nil
	}
	when := sessionInterval(r)
	if !when.Valid() {
		return nil // the record validation answers the bad interval
	}
	roomRecord, err := tx.FindRecordById("rooms", room)
	if err != nil {
		return nil // the relation validation answers the unknown room
	}
	if status := roomRecord.GetString("status"); status != domain.Active {
		return domain.Errorf(domain.CodeRoomNotAvailable, "Room %s is %s and cannot be booked.", roomRecord.GetString("code"), status).
			On("room").With("room", room).With("room_status", status).
			With("reason", "room_"+strings.ToLower(status)).With("conflicts", []schedule.Blocker{})
	}
	conflicts, err := schedule.RoomConflicts(tx, schedule.Candidate{Resource: room, Session: r.Id, When: when})
	if err != nil {
		return err
	}
	if len(conflicts) > 0 {
		return domain.Errorf(domain.CodeRoomNotAvailable, "Room %s is already booked at that time.", roomRecord.GetString("code")).
			On("room").With("room", room).With("reason", "overlap").With("conflicts", schedule.Blockers(conflicts))
	}
	return nil
}

// sessionChange is what a session save changes that concerns its
// assignments.
type sessionChange struct {
	moved  bool
	before schedule.Interval
}

func sessionChangeOf(r *core.Record) sessionChange {
	c := sessionChange{moved: timesChanged(r)}
	if c.moved {
		c.before = sessionInterval(r.Original())
	}
	return c
}

// followSession, after a session update that moved it, moves its active
// assignments' coverage with the new times (schedule.ShiftCoverage) and
// saves them, which re-checks each photographer.
func followSession(tx core.App, r *core.Record, change sessionChange) error {
	if !change.moved {
		return nil
	}
	assignments, err := tx.FindAllRecords("session_photographers",
		dbx.HashExp{"session": r.Id}, dbx.Not(dbx.HashExp{"assignment_status": domain.AssignmentReassigned}))
	if err != nil {
		return fmt.Errorf("assignments of session %s: %w", r.Id, err)
	}
	for _, a := range assignments {
		cov := schedule.ShiftCoverage(change.before, sessionInterval(r), coverageOf(a))
		a.Set("coverage_start", cov.Start)
		a.Set("coverage_end", cov.End)
		if err := tx.Save(a); err != nil {
			return err
		}
	}
	return nil
}
