package schedule

import (
	"cmp"
	"slices"
	"strings"
)

// Resource is a bookable room or photographer as listed in the
// availability answer.
type Resource struct {
	ID    string `json:"id" db:"id"`
	Code  string `json:"code,omitempty" db:"code"`
	Name  string `json:"name" db:"name"`
	Email string `json:"email,omitempty" db:"email"`
}

// ResourceAvailability is one resource's answer for a window.
type ResourceAvailability struct {
	Resource
	Free     bool      `json:"free"`
	Blockers []Blocker `json:"blockers"`
	// Reason says why a room that cannot be booked at all is not free
	// (room_inactive, room_maintenance); empty otherwise.
	Reason string `json:"reason,omitempty"`
}

// Availability answers "are we free?" for one window: every active room and
// every active photographer, free or with what blocks them.
type Availability struct {
	StartsAt      string                 `json:"starts_at"`
	EndsAt        string                 `json:"ends_at"`
	Rooms         []ResourceAvailability `json:"rooms"`
	Photographers []ResourceAvailability `json:"photographers"`
}

// Compute decides availability over window for the given resources from any
// superset of the relevant bookings (the caller may pass everything; the
// rule here filters exactly). Bookings of session exclude (the session being
// edited) never block.
func Compute(window Interval, exclude string, rooms, photographers []Resource, roomBookings, photographerBookings []Booking) Availability {
	return Availability{
		StartsAt:      window.Start.UTC().Format(timeLayout),
		EndsAt:        window.End.UTC().Format(timeLayout),
		Rooms:         answer(window, exclude, rooms, roomBookings),
		Photographers: answer(window, exclude, photographers, photographerBookings),
	}
}

// answer gives each resource the bookings that hold it over window, in
// SortBookings' order. The availability answer renders hundreds of
// blockers, and allocations per blocker were most of its Go-side cost, so
// it filters the bookings once, groups their indexes by resource with a
// counting pass, and renders every blocker's times into one string.
func answer(window Interval, exclude string, resources []Resource, bookings []Booking) []ResourceAvailability {
	index := make(map[string]int32, len(resources))
	for i, r := range resources {
		index[r.ID] = int32(i)
	}
	// starts[i] becomes the offset of resource i's bookings in held.
	starts := make([]int32, len(resources)+1)
	owner := make([]int32, len(bookings))
	for k, b := range bookings {
		owner[k] = -1
		if i, ok := index[b.Resource]; ok && b.Session != exclude && b.Blocking() && b.When.Overlaps(window) {
			owner[k] = i
			starts[i+1]++
		}
	}
	for i := range resources {
		starts[i+1] += starts[i]
	}
	// held lists indexes into bookings, grouped by resource.
	held := make([]int32, starts[len(resources)])
	next := slices.Clone(starts[:len(resources)])
	for k, i := range owner {
		if i >= 0 {
			held[next[i]] = int32(k)
			next[i]++
		}
	}
	var times strings.Builder
	times.Grow(len(held) * 2 * len("2006-01-02T15:04:05Z"))
	ends := make([]int32, 2*len(held))
	var scratch [40]byte
	for i := range resources {
		own := held[starts[i]:starts[i+1]]
		slices.SortStableFunc(own, func(x, y int32) int { return compareBookings(&bookings[x], &bookings[y]) })
		for j, k := range own {
			b := &bookings[k]
			at := 2 * (int(starts[i]) + j)
			times.Write(b.When.Start.UTC().AppendFormat(scratch[:0], timeLayout))
			ends[at] = int32(times.Len())
			times.Write(b.When.End.UTC().AppendFormat(scratch[:0], timeLayout))
			ends[at+1] = int32(times.Len())
		}
	}
	rendered := times.String()
	// stamp answers the k-th time rendered: the start of the j-th held
	// booking at 2j, its end at 2j+1.
	stamp := func(k int) string {
		from := int32(0)
		if k > 0 {
			from = ends[k-1]
		}
		return rendered[from:ends[k]]
	}
	blockers := make([]Blocker, len(held))
	for j, k := range held {
		b := &bookings[k]
		blockers[j] = Blocker{ID: b.Session, Code: b.Code, Status: b.Status, Assignment: b.Assignment, StartsAt: stamp(2 * j), EndsAt: stamp(2*j + 1)}
	}
	out := make([]ResourceAvailability, len(resources))
	for i, r := range resources {
		own := blockers[starts[i]:starts[i+1]:starts[i+1]]
		out[i] = ResourceAvailability{Resource: r, Free: len(own) == 0, Blockers: own}
	}
	return out
}

// compareBookings is SortBookings' order: start, then session code,
// session id and assignment id.
func compareBookings(a, b *Booking) int {
	if c := a.When.Start.Compare(b.When.Start); c != 0 {
		return c
	}
	return cmp.Or(strings.Compare(a.Code, b.Code), strings.Compare(a.Session, b.Session), strings.Compare(a.Assignment, b.Assignment))
}
