package scheduling

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"net/http"
	"net/url"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/schedule"
	ta "github.com/studio/studio/internal/testapp"
)

func (w *world) availability(token string, a, b time.Time, exclude string) string {
	q := url.Values{"starts_at": {a.Format(time.RFC3339)}, "ends_at": {b.Format(time.RFC3339)}}
	if exclude != "" {
		q.Set("session", exclude)
	}
	return w.base + "/api/studio/availability?" + q.Encode()
}

func decodeAvailability(t *testing.T, r ta.Response) schedule.Availability {
	t.Helper()
	var a schedule.Availability
	if err := json.Unmarshal([]byte(r.Raw), &a); err != nil {
		t.Fatalf("decode %s: %v", r.Raw, err)
	}
	return a
}

func find(list []schedule.ResourceAvailability, id string) *schedule.ResourceAvailability {
	for i := range list {
		if list[i].ID == id {
			return &list[i]
		}
	}
	return nil
}

func TestAvailabilityRoute(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	maintenance := ta.Room(t, w.app, map[string]any{"status": domain.Maintenance})
	free := ta.Room(t, w.app, nil)
	s := w.session(t, w.room, 10, 12, domain.StatusConfirmed)
	w.assign(t, s, w.staff.Photographer, 9, 13, nil)

	for _, who := range []string{"photographer", "editor"} {
		expect(t, ta.Do(t, http.MethodGet, w.availability(w.tok[who], h(0), h(24), ""), w.tok[who], nil), http.StatusForbidden, "session", domain.CodeForbidden)
	}
	expect(t, ta.Do(t, http.MethodGet, w.availability("", h(0), h(24), ""), "", nil), http.StatusUnauthorized, "", "")
	expect(t, ta.Do(t, http.MethodGet, w.availability("", h(5), h(4), ""), w.tok["coordinator"], nil), http.StatusBadRequest, "ends_at", domain.CodeValidation)
	expect(t, ta.Do(t, http.MethodGet, w.base+"/api/studio/availability?ends_at=x", w.tok["coordinator"], nil), http.StatusBadRequest, "starts_at", domain.CodeValidation)

	r := ta.Do(t, http.MethodGet, w.availability("", h(0), h(24), ""), w.tok["coordinator"], nil)
	expect(t, r, http.StatusOK, "", "")
	a := decodeAvailability(t, r)
	if m := find(a.Rooms, maintenance.Id); m == nil || m.Free || m.Reason != "room_maintenance" {
		t.Fatalf("a Maintenance room is listed as not free: %+v", m)
	}
	if rr := find(a.Rooms, w.room.Id); rr == nil || rr.Free || len(rr.Blockers) != 1 || rr.Blockers[0].Code != s.GetString("code") ||
		rr.Blockers[0].StartsAt != "2027-01-16T10:00:00Z" || rr.Blockers[0].Status != domain.StatusConfirmed {
		t.Fatalf("booked room: %+v", rr)
	}
	if fr := find(a.Rooms, free.Id); fr == nil || !fr.Free || len(fr.Blockers) != 0 {
		t.Fatalf("free room: %+v", fr)
	}
	if p := find(a.Photographers, w.staff.Photographer.Id); p == nil || p.Free || p.Blockers[0].StartsAt != "2027-01-16T09:00:00Z" {
		t.Fatalf("busy photographer: %+v", p)
	}
	if p := find(a.Photographers, w.staff.Photographer2.Id); p == nil || !p.Free {
		t.Fatalf("free photographer: %+v", p)
	}
	if find(a.Photographers, w.staff.Editor.Id) != nil {
		t.Fatal("an editor is listed as a photographer")
	}

	// Touching the booking's end: free. Ignoring the session being edited: free.
	a = decodeAvailability(t, ta.Do(t, http.MethodGet, w.availability("", h(13), h(14), ""), w.tok["admin"], nil))
	if !find(a.Rooms, w.room.Id).Free || !find(a.Photographers, w.staff.Photographer.Id).Free {
		t.Fatal("touching intervals must be free")
	}
	a = decodeAvailability(t, ta.Do(t, http.MethodGet, w.availability("", h(0), h(24), s.Id), w.tok["admin"], nil))
	if !find(a.Rooms, w.room.Id).Free || !find(a.Photographers, w.staff.Photographer.Id).Free {
		t.Fatal("session= must ignore that session")
	}
}

// randomSchedule writes sessions and assignments at random (overlaps,
// closed sessions and Reassigned assignments included) straight into the
// tables, over ten days from day, and returns the rows it wrote.
func randomSchedule(t *testing.T, w *world, rng *rand.Rand, rooms, photographers []*core.Record) ([]ta.BulkSession, []ta.BulkAssignment) {
	t.Helper()
	var sessions []ta.BulkSession
	var assignments []ta.BulkAssignment
	for i := range 300 {
		start := day.Add(time.Duration(rng.Intn(10*24*4)) * 15 * time.Minute)
		end := start.Add(time.Duration(1+rng.Intn(16)) * 15 * time.Minute)
		if rng.Intn(40) == 0 {
			end = start.Add(time.Duration(1+rng.Intn(3)) * 24 * time.Hour) // a few long events
		}
		s := ta.BulkSession{ID: fmt.Sprintf("rs%013d", i), Code: fmt.Sprintf("R-%05d", i), Client: w.client.Id,
			Type: domain.SessionTypeExternal, Location: "Somewhere", Status: domain.SessionStatuses[rng.Intn(len(domain.SessionStatuses))],
			Start: start, End: end}
		if rng.Intn(2) == 0 {
			s.Type, s.Location, s.Room = domain.SessionTypeStudio, "", rooms[rng.Intn(len(rooms))].Id
		}
		sessions = append(sessions, s)
		for j := range rng.Intn(3) {
			status := domain.AssignmentAssigned
			if rng.Intn(4) == 0 {
				status = domain.AssignmentReassigned
			}
			assignments = append(assignments, ta.BulkAssignment{ID: fmt.Sprintf("ra%011d%02d", i, j), Session: s.ID,
				Photographer: photographers[rng.Intn(len(photographers))].Id, Status: status,
				Start: start.Add(-time.Duration(rng.Intn(5)) * 15 * time.Minute), End: end.Add(time.Duration(rng.Intn(5)) * 15 * time.Minute)})
		}
	}
	ta.BulkInsert(t, w.app, sessions, assignments)
	return sessions, assignments
}

// The brute force below answers availability from the rows the test wrote,
// with plain loops and its own overlap, blocking and ordering rules, as
// docs/scheduling.md states them; it shares no code with internal/schedule.

// bfAnswer is the availability answer as the API's JSON spells it.
type bfAnswer struct {
	StartsAt      string       `json:"starts_at"`
	EndsAt        string       `json:"ends_at"`
	Rooms         []bfResource `json:"rooms"`
	Photographers []bfResource `json:"photographers"`
}

type bfResource struct {
	ID       string      `json:"id"`
	Code     string      `json:"code"`
	Name     string      `json:"name"`
	Email    string      `json:"email"`
	Free     bool        `json:"free"`
	Blockers []bfBlocker `json:"blockers"`
	Reason   string      `json:"reason"`
}

type bfBlocker struct {
	ID         string `json:"id"`
	Code       string `json:"code"`
	StartsAt   string `json:"starts_at"`
	EndsAt     string `json:"ends_at"`
	Status     string `json:"status"`
	Assignment string `json:"assignment"`
	start      time.Time
}

// bfOpen: a session holds its resources unless Canceled or Completed.
func bfOpen(status string) bool { return status != "Canceled" && status != "Completed" }

// bfOverlaps: half-open intervals [a1, a2) and [b1, b2) share an instant.
func bfOverlaps(a1, a2, b1, b2 time.Time) bool { return a1.Before(b2) && b1.Before(a2) }

func bfStamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// bfSort orders blockers by start, then session code, session id and
// assignment id.
func bfSort(bs []bfBlocker) {
	sort.Slice(bs, func(i, j int) bool {
		a, b := bs[i], bs[j]
		switch {
		case !a.start.Equal(b.start):
			return a.start.Before(b.start)
		case a.Code != b.Code:
			return a.Code < b.Code
		case a.ID != b.ID:
			return a.ID < b.ID
		}
		return a.Assignment < b.Assignment
	})
}

// bruteForce answers availability over [from, to), ignoring session
// exclude: Active rooms by code, then the other rooms by code (not free,
// with their status as the reason), then photographers by name and id,
// each with the open bookings that overlap the window.
func bruteForce(from, to time.Time, exclude string, rooms, photographers []*core.Record, sessions []ta.BulkSession, assignments []ta.BulkAssignment) bfAnswer {
	out := bfAnswer{StartsAt: bfStamp(from), EndsAt: bfStamp(to)}
	for _, room := range rooms {
		if room.GetString("status") != "Active" {
			continue
		}
		r := bfResource{ID: room.Id, Code: room.GetString("code"), Name: room.GetString("name")}
		for _, s := range sessions {
			if s.Room == room.Id && s.ID != exclude && bfOpen(s.Status) && bfOverlaps(s.Start, s.End, from, to) {
				r.Blockers = append(r.Blockers, bfBlocker{ID: s.ID, Code: s.Code, StartsAt: bfStamp(s.Start), EndsAt: bfStamp(s.End), Status: s.Status, start: s.Start})
			}
		}
		out.Rooms = append(out.Rooms, r)
	}
	sort.Slice(out.Rooms, func(i, j int) bool { return out.Rooms[i].Code < out.Rooms[j].Code })
	// Rooms that cannot be booked follow, by code, never free.
	var unbookable []bfResource
	for _, room := range rooms {
		if st := room.GetString("status"); st != "Active" {
			unbookable = append(unbookable, bfResource{ID: room.Id, Code: room.GetString("code"), Name: room.GetString("name"),
				Reason: map[string]string{"Maintenance": "room_maintenance", "Inactive": "room_inactive"}[st]})
		}
	}
	sort.Slice(unbookable, func(i, j int) bool { return unbookable[i].Code < unbookable[j].Code })

	byID := map[string]ta.BulkSession{}
	for _, s := range sessions {
		byID[s.ID] = s
	}
	for _, p := range photographers {
		r := bfResource{ID: p.Id, Name: p.GetString("name"), Email: p.GetString("email")}
		for _, a := range assignments {
			s := byID[a.Session]
			if a.Photographer == p.Id && a.Session != exclude && a.Status != "Reassigned" && bfOpen(s.Status) && bfOverlaps(a.Start, a.End, from, to) {
				r.Blockers = append(r.Blockers, bfBlocker{ID: s.ID, Code: s.Code, StartsAt: bfStamp(a.Start), EndsAt: bfStamp(a.End), Status: s.Status, Assignment: a.ID, start: a.Start})
			}
		}
		out.Photographers = append(out.Photographers, r)
	}
	sort.Slice(out.Photographers, func(i, j int) bool {
		a, b := out.Photographers[i], out.Photographers[j]
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return a.ID < b.ID
	})
	for _, list := range [][]bfResource{out.Rooms, out.Photographers} {
		for i := range list {
			bfSort(list[i].Blockers)
			list[i].Free = len(list[i].Blockers) == 0
		}
	}
	out.Rooms = append(out.Rooms, unbookable...)
	return out
}

// bfDecode reads an availability answer into the brute force's types.
func bfDecode(t *testing.T, r ta.Response) bfAnswer {
	t.Helper()
	var a bfAnswer
	if err := json.Unmarshal([]byte(r.Raw), &a); err != nil {
		t.Fatalf("decode %s: %v", r.Raw, err)
	}
	return a
}

// bfNormalize drops the unexported sort keys and makes empty and nil
// blocker lists compare equal.
func bfNormalize(a *bfAnswer) {
	for _, list := range [][]bfResource{a.Rooms, a.Photographers} {
		for i := range list {
			if len(list[i].Blockers) == 0 {
				list[i].Blockers = nil
			}
			for j := range list[i].Blockers {
				list[i].Blockers[j].start = time.Time{}
			}
		}
	}
}

func TestAvailabilityMatchesBruteForce(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	rng := rand.New(rand.NewSource(4))
	rooms := []*core.Record{w.room, ta.Room(t, w.app, nil), ta.Room(t, w.app, nil), ta.Room(t, w.app, map[string]any{"status": domain.Maintenance})}
	photographers := []*core.Record{w.staff.Photographer, w.staff.Photographer2}
	for range 4 {
		photographers = append(photographers, ta.User(t, w.app, "p", ta.RolePhotographer))
	}
	sessions, assignments := randomSchedule(t, w, rng, rooms, photographers)

	busy, free := 0, 0
	for i := range 150 {
		start := day.Add(time.Duration(rng.Intn(11*24*4)-24*4) * 15 * time.Minute)
		length := []time.Duration{15 * time.Minute, time.Hour, 3 * time.Hour, 24 * time.Hour, 7 * 24 * time.Hour}[rng.Intn(5)]
		end := start.Add(length)
		exclude := ""
		if i%5 == 0 {
			exclude = fmt.Sprintf("rs%013d", rng.Intn(300))
		}
		r := ta.Do(t, http.MethodGet, w.availability("", start, end, exclude), w.tok["coordinator"], nil)
		expect(t, r, http.StatusOK, "", "")
		got, want := bfDecode(t, r), bruteForce(start, end, exclude, rooms, photographers, sessions, assignments)
		bfNormalize(&got)
		bfNormalize(&want)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("window %v – %v exclude %q:\n got %+v\nwant %+v", start, end, exclude, got, want)
		}
		for _, x := range append(got.Rooms, got.Photographers...) {
			if x.Free {
				free++
			} else {
				busy++
			}
		}
	}
	if busy == 0 || free == 0 {
		t.Fatalf("%d busy and %d free answers: the comparison needs both to prove anything", busy, free)
	}
}
