package schedule

import (
	"context"
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/model"
)

// SessionInterval is the session's [starts_at, ends_at).
func SessionInterval(s *model.Session) Interval {
	return Interval{Start: s.StartsAt(), End: s.EndsAt()}
}

func timesChanged(s *model.Session) bool {
	old := s.Original()
	if s.IsNew() || old == nil {
		return false
	}
	return !old.GetDateTime("starts_at").Equal(s.GetDateTime("starts_at")) || !old.GetDateTime("ends_at").Equal(s.GetDateTime("ends_at"))
}

// CheckRoom refuses to book the session's room when the room is not Active
// or another open session holds it over an overlapping interval.
func CheckRoom(tx core.App, s *model.Session) error {
	room := s.Room()
	if room == "" || s.IsClosed() {
		return nil
	}
	old := s.Original()
	if !s.IsNew() && old != nil && old.GetString("room") == room && !timesChanged(s) {
		return nil
	}
	when := SessionInterval(s)
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
			With("reason", RoomStatusReason(status)).With("conflicts", []Blocker{})
	}
	conflicts, err := RoomConflicts(tx, Candidate{Resource: room, Session: s.Id, When: when})
	if err != nil {
		return err
	}
	if len(conflicts) > 0 {
		return domain.Errorf(domain.CodeRoomNotAvailable, "Room %s is already booked at that time.", roomRecord.GetString("code")).
			On("room").With("room", room).With("reason", "overlap").With("conflicts", Blockers(conflicts))
	}
	return nil
}

// Move is what a session save changes that concerns its assignments. Read
// it before the save, which marks the record stored.
type Move struct {
	moved  bool
	before Interval
}

// MoveOf reads the move of a session about to be saved.
func MoveOf(s *model.Session) Move {
	m := Move{moved: timesChanged(s)}
	if m.moved {
		m.before = SessionInterval(model.AsSession(s.Original()))
	}
	return m
}

// Follow, after a session update that moved it, moves its active
// assignments' coverage with the new times (ShiftCoverage) and saves them,
// which re-checks each photographer.
func (m Move) Follow(tx core.App, s *model.Session) error {
	if !m.moved {
		return nil
	}
	assignments, err := tx.FindAllRecords(model.SessionPhotographers,
		dbx.HashExp{"session": s.Id}, dbx.Not(dbx.HashExp{"assignment_status": domain.AssignmentReassigned}))
	if err != nil {
		return fmt.Errorf("assignments of session %s: %w", s.Id, err)
	}
	for _, r := range assignments {
		a := model.AsAssignment(r)
		cov := ShiftCoverage(m.before, SessionInterval(s), Coverage(a))
		a.SetCoverage(cov.Start, cov.End)
		if err := tx.SaveWithContext(Following(context.Background()), a); err != nil {
			return err
		}
	}
	return nil
}
