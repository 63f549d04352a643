package scheduling

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/rbac"
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
// tables, over ten days from day.
func randomSchedule(t *testing.T, w *world, rng *rand.Rand, rooms, photographers []*core.Record) {
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
}

// everything is every room, photographer and booking, read without any
// window: the input of the brute-force answer.
type everything struct {
	rooms, people []schedule.Resource
	rb, pb        []schedule.Booking
	unbookable    []schedule.ResourceAvailability
}

func (e everything) answer(window schedule.Interval, exclude string) schedule.Availability {
	a := schedule.Compute(window, exclude, e.rooms, e.people, e.rb, e.pb)
	a.Rooms = append(a.Rooms, e.unbookable...)
	return a
}

// loadEverything reads every row of both tables.
func loadEverything(t *testing.T, app core.App) everything {
	t.Helper()
	rooms, err := schedule.ActiveRooms(app)
	if err != nil {
		t.Fatal(err)
	}
	// Rooms that cannot be booked follow, by code, never free.
	var unbookable []schedule.ResourceAvailability
	roomRecords, err := app.FindAllRecords("rooms", dbx.Not(dbx.HashExp{"status": domain.Active}))
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(roomRecords, func(a, b *core.Record) int { return strings.Compare(a.GetString("code"), b.GetString("code")) })
	for _, r := range roomRecords {
		unbookable = append(unbookable, schedule.ResourceAvailability{
			Resource: schedule.Resource{ID: r.Id, Code: r.GetString("code"), Name: r.GetString("name")},
			Reason:   map[string]string{domain.Maintenance: "room_maintenance", domain.Inactive: "room_inactive"}[r.GetString("status")]})
	}
	people, err := schedule.ActivePhotographers(app)
	if err != nil {
		t.Fatal(err)
	}
	var rb, pb []schedule.Booking
	all, err := app.FindAllRecords("sessions")
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]*core.Record{}
	for _, s := range all {
		byID[s.Id] = s
		if s.GetString("room") != "" {
			rb = append(rb, schedule.Booking{Resource: s.GetString("room"), Session: s.Id, Code: s.GetString("code"), Status: s.GetString("status"),
				When: schedule.Interval{Start: s.GetDateTime("starts_at").Time(), End: s.GetDateTime("ends_at").Time()}})
		}
	}
	as, err := app.FindAllRecords("session_photographers")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range as {
		s := byID[a.GetString("session")]
		pb = append(pb, schedule.Booking{Resource: a.GetString("photographer"), Assignment: a.Id, Session: s.Id, Code: s.GetString("code"),
			Status: s.GetString("status"), AssignmentStatus: a.GetString("assignment_status"),
			When: schedule.Interval{Start: a.GetDateTime("coverage_start").Time(), End: a.GetDateTime("coverage_end").Time()}})
	}
	return everything{rooms: rooms, people: people, rb: rb, pb: pb, unbookable: unbookable}
}

func TestAvailabilityMatchesBruteForce(t *testing.T) {
	w := newWorld(t)
	rng := rand.New(rand.NewSource(4))
	rooms := []*core.Record{w.room, ta.Room(t, w.app, nil), ta.Room(t, w.app, nil), ta.Room(t, w.app, map[string]any{"status": domain.Maintenance})}
	photographers := []*core.Record{w.staff.Photographer, w.staff.Photographer2}
	for range 4 {
		photographers = append(photographers, ta.User(t, w.app, "p", rbac.RolePhotographer))
	}
	randomSchedule(t, w, rng, rooms, photographers)

	all := loadEverything(t, w.app)
	busy := 0
	for i := range 150 {
		start := day.Add(time.Duration(rng.Intn(11*24*4)-24*4) * 15 * time.Minute)
		length := []time.Duration{15 * time.Minute, time.Hour, 3 * time.Hour, 24 * time.Hour, 7 * 24 * time.Hour}[rng.Intn(5)]
		window := schedule.Interval{Start: start, End: start.Add(length)}
		exclude := ""
		if i%5 == 0 {
			exclude = fmt.Sprintf("rs%013d", rng.Intn(300))
		}
		r := ta.Do(t, http.MethodGet, w.availability("", window.Start, window.End, exclude), w.tok["coordinator"], nil)
		expect(t, r, http.StatusOK, "", "")
		got, want := decodeAvailability(t, r), all.answer(window, exclude)
		normalize(&got)
		normalize(&want)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("window %v – %v exclude %q:\n got %+v\nwant %+v", window.Start, window.End, exclude, got, want)
		}
		for _, x := range append(got.Rooms, got.Photographers...) {
			if !x.Free {
				busy++
			}
		}
	}
	if busy == 0 {
		t.Fatal("the random schedule never blocked anything: the comparison proves nothing")
	}
}

// normalize makes empty and nil blocker lists compare equal.
func normalize(a *schedule.Availability) {
	for _, list := range [][]schedule.ResourceAvailability{a.Rooms, a.Photographers} {
		for i := range list {
			if len(list[i].Blockers) == 0 {
				list[i].Blockers = nil
			}
		}
	}
}
