// Package schedule holds the studio's resource rules (docs/rules.md §6 and the
// editor rules of docs/rules.md §4.1): interval overlaps of rooms and photographers,
// availability, coverage that follows a moved session, the editing queue and
// the iCalendar feeds. Decisions are pure functions over plain values; the
// few SQL queries that gather candidates live in store.go.
package schedule

import (
	"sort"
	"time"

	"github.com/studio/studio/internal/domain"
)

// Interval is the half-open time range [Start, End).
type Interval struct {
	Start, End time.Time
}

// Valid reports whether the interval is non-empty.
func (i Interval) Valid() bool { return i.End.After(i.Start) }

// Overlaps reports whether two half-open intervals intersect: touching ends
// ([9,10) and [10,11)) do not overlap, and an empty interval overlaps nothing.
func (i Interval) Overlaps(o Interval) bool {
	if !i.Valid() || !o.Valid() {
		return false
	}
	return i.Start.Before(o.End) && o.Start.Before(i.End)
}

// SessionBlocks reports whether a session in this state holds its room and
// photographers: every state but Canceled and Completed.
func SessionBlocks(status string) bool { return !domain.IsClosed(status) }

// AssignmentBlocks reports whether an assignment holds its photographer: it
// is not Reassigned and its session is open.
func AssignmentBlocks(assignmentStatus, sessionStatus string) bool {
	return assignmentStatus != domain.AssignmentReassigned && SessionBlocks(sessionStatus)
}

// Booking is one claim on a resource (a room or a photographer) over an
// interval: a session's room, or an assignment's coverage.
type Booking struct {
	// Resource is the room or photographer id.
	Resource string
	// Assignment is the assignment id (photographer bookings only).
	Assignment string
	// Session, Code and Status describe the session that holds the resource.
	Session, Code, Status string
	// AssignmentStatus is the assignment's state (photographer bookings only).
	AssignmentStatus string
	// When is the held interval: the session's times or the coverage.
	When Interval
}

// Blocking reports whether the booking holds its resource at all.
func (b Booking) Blocking() bool {
	if b.Assignment != "" || b.AssignmentStatus != "" {
		return AssignmentBlocks(b.AssignmentStatus, b.Status)
	}
	return SessionBlocks(b.Status)
}

// Candidate is what is being booked: a resource over an interval for a
// session (and, for a photographer, the assignment being saved, if it
// already exists).
type Candidate struct {
	Resource, Session, Assignment string
	When                          Interval
}

// Conflicts returns the bookings that forbid the candidate, ordered by
// start: same resource, blocking, overlapping, and not the candidate's own
// session (a session never conflicts with itself; for photographers this
// means two pieces of coverage of one session never block each other, since
// they are one engagement).
func Conflicts(c Candidate, existing []Booking) []Booking {
	var out []Booking
	for _, b := range existing {
		if b.Resource != c.Resource || b.Session == c.Session {
			continue
		}
		if c.Assignment != "" && b.Assignment == c.Assignment {
			continue
		}
		if b.Blocking() && b.When.Overlaps(c.When) {
			out = append(out, b)
		}
	}
	SortBookings(out)
	return out
}

// SortBookings orders bookings by start, then session code, then id, so
// answers are deterministic.
func SortBookings(bs []Booking) {
	sort.SliceStable(bs, func(i, j int) bool {
		a, b := bs[i], bs[j]
		if !a.When.Start.Equal(b.When.Start) {
			return a.When.Start.Before(b.When.Start)
		}
		if a.Code != b.Code {
			return a.Code < b.Code
		}
		if a.Session != b.Session {
			return a.Session < b.Session
		}
		return a.Assignment < b.Assignment
	})
}

// Blocker is a session that holds a resource, as answered to clients (in
// ROOM_NOT_AVAILABLE / PHOTOGRAPHER_NOT_AVAILABLE params and in the
// availability answer). StartsAt/EndsAt are the held interval (the session
// times for a room, the coverage for a photographer), RFC 3339 in UTC.
type Blocker struct {
	ID         string `json:"id"`
	Code       string `json:"code"`
	StartsAt   string `json:"starts_at"`
	EndsAt     string `json:"ends_at"`
	Status     string `json:"status"`
	Assignment string `json:"assignment,omitempty"`
}

// Blockers renders bookings as Blockers, in the bookings' order.
func Blockers(bs []Booking) []Blocker {
	out := make([]Blocker, len(bs))
	for i, b := range bs {
		out[i] = Blocker{
			ID: b.Session, Code: b.Code, Status: b.Status, Assignment: b.Assignment,
			StartsAt: b.When.Start.UTC().Format(timeLayout), EndsAt: b.When.End.UTC().Format(timeLayout),
		}
	}
	return out
}

// timeLayout is how times are answered: RFC 3339 in UTC.
const timeLayout = time.RFC3339
