package schedule

import (
	"testing"

	"github.com/studio/studio/internal/domain"
)

func TestCompute(t *testing.T) {
	window := iv("2026-03-07T00:00:00Z", "2026-03-08T00:00:00Z")
	rooms := []Resource{{ID: "r1", Code: "A"}, {ID: "r2", Code: "B"}}
	people := []Resource{{ID: "p1"}, {ID: "p2"}}
	rb := []Booking{
		{Resource: "r1", Session: "s1", Code: "S-1", Status: domain.StatusConfirmed, When: iv("2026-03-07T10:00:00Z", "2026-03-07T12:00:00Z")},
		{Resource: "r2", Session: "s2", Code: "S-2", Status: domain.StatusConfirmed, When: iv("2026-03-08T00:00:00Z", "2026-03-08T02:00:00Z")},
	}
	pb := []Booking{
		{Resource: "p2", Assignment: "a1", Session: "s1", Code: "S-1", Status: domain.StatusConfirmed, AssignmentStatus: domain.AssignmentAssigned, When: iv("2026-03-07T09:00:00Z", "2026-03-07T13:00:00Z")},
	}
	a := Compute(window, "", rooms, people, rb, pb)
	if a.Rooms[0].Free || len(a.Rooms[0].Blockers) != 1 || a.Rooms[0].Blockers[0].Code != "S-1" {
		t.Fatalf("room A: %+v", a.Rooms[0])
	}
	if !a.Rooms[1].Free || len(a.Rooms[1].Blockers) != 0 {
		t.Fatalf("room B touches the window end and is free: %+v", a.Rooms[1])
	}
	if !a.Photographers[0].Free || a.Photographers[1].Free {
		t.Fatalf("photographers: %+v", a.Photographers)
	}
	ex := Compute(window, "s1", rooms, people, rb, pb)
	if !ex.Rooms[0].Free || !ex.Photographers[1].Free {
		t.Fatalf("excluding s1 frees its room and photographer: %+v", ex)
	}
}
