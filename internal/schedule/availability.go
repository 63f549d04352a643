package schedule

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

func answer(window Interval, exclude string, resources []Resource, bookings []Booking) []ResourceAvailability {
	byResource := make(map[string][]Booking, len(resources))
	for _, b := range bookings {
		byResource[b.Resource] = append(byResource[b.Resource], b)
	}
	out := make([]ResourceAvailability, len(resources))
	for i, r := range resources {
		var held []Booking
		for _, b := range byResource[r.ID] {
			if b.Session != exclude && b.Blocking() && b.When.Overlaps(window) {
				held = append(held, b)
			}
		}
		SortBookings(held)
		out[i] = ResourceAvailability{Resource: r, Free: len(held) == 0, Blockers: Blockers(held)}
	}
	return out
}
