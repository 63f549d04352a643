package scheduling

import (
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"sync"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/schedule"
	ta "github.com/studio/studio/internal/testapp"
)

// TestAvailabilityFollowsResourceChanges: the availability answer keeps
// its rooms and photographers in memory between calls; every change to a
// room, a user or a role shows in the next answer, over REST and through
// Go, and a transaction sees its own uncommitted changes without leaving
// them behind when it rolls back.
func TestAvailabilityFollowsResourceChanges(t *testing.T) {
	w := newWorld(t)
	su := w.tok["superuser"]
	ask := func() schedule.Availability {
		t.Helper()
		r := ta.Do(t, http.MethodGet, w.availability("", h(0), h(24), ""), w.tok["coordinator"], nil)
		expect(t, r, http.StatusOK, "", "")
		return decodeAvailability(t, r)
	}
	patch := func(collection, id string, body map[string]any) {
		t.Helper()
		expect(t, ta.Do(t, http.MethodPatch, w.records(collection)+"/"+id, su, body), http.StatusOK, "", "")
	}
	bookable := func(a schedule.Availability, room string) bool {
		r := find(a.Rooms, room)
		return r != nil && r.Reason == ""
	}
	reason := func(a schedule.Availability, room string) string {
		if r := find(a.Rooms, room); r != nil {
			return r.Reason
		}
		return "missing"
	}
	listed := func(a schedule.Availability, user string) bool { return find(a.Photographers, user) != nil }

	p := w.staff.Photographer
	if a := ask(); !bookable(a, w.room.Id) || !listed(a, p.Id) {
		t.Fatalf("first answer: room %q, photographer listed %v", reason(a, w.room.Id), listed(a, p.Id))
	}

	// A room created through Go, then sent to maintenance and renamed over REST.
	room := ta.Room(t, w.app, nil)
	if a := ask(); !bookable(a, room.Id) {
		t.Fatalf("a new Active room is bookable, got %q", reason(a, room.Id))
	}
	patch("rooms", room.Id, map[string]any{"status": domain.Maintenance})
	if a := ask(); reason(a, room.Id) != "room_maintenance" {
		t.Fatalf("a room under maintenance: %q", reason(a, room.Id))
	}
	patch("rooms", room.Id, map[string]any{"status": domain.Active, "name": "Renamed studio"})
	if a := ask(); !bookable(a, room.Id) || find(a.Rooms, room.Id).Name != "Renamed studio" {
		t.Fatalf("a room back in service and renamed: %+v", find(a.Rooms, room.Id))
	}

	// A new photographer, one who loses the role, one deactivated.
	fresh := ta.User(t, w.app, "fresh", ta.RolePhotographer)
	if a := ask(); !listed(a, fresh.Id) {
		t.Fatal("a new photographer is listed")
	}
	editor, err := w.app.FindFirstRecordByData("roles", "name", ta.RoleEditor)
	if err != nil {
		t.Fatal(err)
	}
	patch("users", fresh.Id, map[string]any{"roles": []string{editor.Id}})
	if a := ask(); listed(a, fresh.Id) {
		t.Fatal("a user who is no longer a Photographer is not listed")
	}
	p.Set("status", domain.Inactive)
	if err := w.app.Save(p); err != nil {
		t.Fatal(err)
	}
	if a := ask(); listed(a, p.Id) {
		t.Fatal("a deactivated photographer is not listed")
	}

	// Inside a transaction the answer sees the transaction's own change;
	// after the rollback the change is nowhere.
	errRollback := errors.New("roll back")
	err = w.app.RunInTransaction(func(tx core.App) error {
		r, err := tx.FindRecordById("rooms", w.room.Id)
		if err != nil {
			return err
		}
		r.Set("status", domain.Inactive)
		if err := tx.Save(r); err != nil {
			return err
		}
		a, err := schedule.LoadAvailability(tx, schedule.Interval{Start: h(0), End: h(24)}, "")
		if err != nil {
			return err
		}
		if got := reason(a, w.room.Id); got != "room_inactive" {
			t.Errorf("inside the transaction the room is Inactive, got %q", got)
		}
		return errRollback
	})
	if !errors.Is(err, errRollback) {
		t.Fatal(err)
	}
	if a := ask(); !bookable(a, w.room.Id) {
		t.Fatalf("after the rollback the room is Active again, got %q", reason(a, w.room.Id))
	}
}

// TestAvailabilityOddRows: rows the API would rarely write still answer
// exactly as the brute force says: session codes holding commas, control
// characters, non-ASCII letters or nothing at all; a coverage lying wholly
// outside its own session (so far that the session starts a day after
// it); a closed session's assignment; a window with no bookings at all.
func TestAvailabilityOddRows(t *testing.T) {
	w := newWorld(t)
	p1, p2 := w.staff.Photographer, w.staff.Photographer2
	sessions := []ta.BulkSession{
		{ID: "odd000000000001", Code: "A,B\x1e\x1fC ü", Client: w.client.Id, Type: domain.SessionTypeStudio, Room: w.room.Id,
			Status: domain.StatusConfirmed, Start: h(10), End: h(12)},
		{ID: "odd000000000002", Code: "", Client: w.client.Id, Type: domain.SessionTypeExternal, Location: "Far",
			Status: domain.StatusAssigned, Start: h(30), End: h(31)},
		{ID: "odd000000000003", Code: ",", Client: w.client.Id, Type: domain.SessionTypeExternal, Location: "Near",
			Status: domain.StatusCanceled, Start: h(9), End: h(11)},
		{ID: "odd000000000004", Code: "ÅÄÖ,,", Client: w.client.Id, Type: domain.SessionTypeStudio, Room: w.room.Id,
			Status: domain.StatusRequest, Start: h(13), End: h(14)},
	}
	assignments := []ta.BulkAssignment{
		{ID: "oda000000000001", Session: sessions[0].ID, Photographer: p1.Id, Status: domain.AssignmentConfirmed, Start: h(9), End: h(13)},
		{ID: "oda000000000002", Session: sessions[1].ID, Photographer: p2.Id, Status: domain.AssignmentAssigned, Start: h(2), End: h(3)},
		{ID: "oda000000000003", Session: sessions[2].ID, Photographer: p2.Id, Status: domain.AssignmentAssigned, Start: h(9), End: h(11)},
		{ID: "oda000000000004", Session: sessions[3].ID, Photographer: p2.Id, Status: domain.AssignmentAssigned, Start: h(13), End: h(14)},
	}
	ta.BulkInsert(t, w.app, sessions, assignments)
	rooms := []*core.Record{w.room}
	photographers := []*core.Record{p1, p2}
	for _, win := range [][2]float64{{0, 24}, {2, 3}, {0, 5}, {12, 13}, {40, 50}, {-100, 100}} {
		r := ta.Do(t, http.MethodGet, w.availability("", h(win[0]), h(win[1]), ""), w.tok["coordinator"], nil)
		expect(t, r, http.StatusOK, "", "")
		got, want := bfDecode(t, r), bruteForce(h(win[0]), h(win[1]), "", rooms, photographers, sessions, assignments)
		bfNormalize(&got)
		bfNormalize(&want)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("window %v:\n got %+v\nwant %+v", win, got, want)
		}
	}
	a := decodeAvailability(t, ta.Do(t, http.MethodGet, w.availability("", h(0), h(24), ""), w.tok["coordinator"], nil))
	if b := find(a.Rooms, w.room.Id).Blockers; len(b) != 2 || b[0].Code != sessions[0].Code || b[1].Code != sessions[3].Code {
		t.Fatalf("room blockers keep their codes byte for byte: %+v", b)
	}
	if b := find(a.Photographers, p2.Id).Blockers; len(b) != 2 || b[0].ID != sessions[1].ID || b[0].Code != "" || b[0].Status != domain.StatusAssigned {
		t.Fatalf("a coverage far from its session still names the session: %+v", b)
	}
}

// TestAvailabilityConcurrentWithChanges: answers asked side by side while
// a room goes in and out of maintenance (the cached lists and the prepared
// statements are shared) all succeed, and the answer after the last change
// shows it.
func TestAvailabilityConcurrentWithChanges(t *testing.T) {
	w := newWorld(t)
	s := w.session(t, w.room, 10, 12, domain.StatusConfirmed)
	w.assign(t, s, w.staff.Photographer, 9, 13, nil)
	window := schedule.Interval{Start: h(0), End: h(24)}
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 30 {
				a, err := schedule.LoadAvailability(w.app, window, "")
				if err != nil {
					errs <- err
					return
				}
				if p := find(a.Photographers, w.staff.Photographer.Id); p == nil || p.Free {
					errs <- fmt.Errorf("the assigned photographer is busy: %+v", p)
					return
				}
			}
		}()
	}
	room := ta.Room(t, w.app, nil)
	for i := range 20 {
		status := domain.Maintenance
		if i%2 == 1 {
			status = domain.Active
		}
		room.Set("status", status)
		if err := w.app.Save(room); err != nil {
			t.Fatal(err)
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	a, err := schedule.LoadAvailability(w.app, window, "")
	if err != nil {
		t.Fatal(err)
	}
	if r := find(a.Rooms, room.Id); r == nil || r.Reason != "" {
		t.Fatalf("the room ended Active: %+v", r)
	}
}
