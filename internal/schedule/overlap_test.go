package schedule

import (
	"testing"
	"time"

	"github.com/studio/studio/internal/domain"
)

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func iv(a, b string) Interval { return Interval{Start: at(a), End: at(b)} }

func TestOverlaps(t *testing.T) {
	gt, _ := time.LoadLocation("America/Guatemala") // UTC-6, no DST
	local := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, gt) }
	cases := []struct {
		name string
		a, b Interval
		want bool
	}{
		{"same interval", iv("2026-03-07T10:00:00Z", "2026-03-07T12:00:00Z"), iv("2026-03-07T10:00:00Z", "2026-03-07T12:00:00Z"), true},
		{"touching end to start", iv("2026-03-07T10:00:00Z", "2026-03-07T12:00:00Z"), iv("2026-03-07T12:00:00Z", "2026-03-07T14:00:00Z"), false},
		{"touching start to end", iv("2026-03-07T12:00:00Z", "2026-03-07T14:00:00Z"), iv("2026-03-07T10:00:00Z", "2026-03-07T12:00:00Z"), false},
		{"one second of overlap", iv("2026-03-07T10:00:00Z", "2026-03-07T12:00:01Z"), iv("2026-03-07T12:00:00Z", "2026-03-07T14:00:00Z"), true},
		{"contained", iv("2026-03-07T09:00:00Z", "2026-03-07T18:00:00Z"), iv("2026-03-07T10:00:00Z", "2026-03-07T11:00:00Z"), true},
		{"containing", iv("2026-03-07T10:00:00Z", "2026-03-07T11:00:00Z"), iv("2026-03-07T09:00:00Z", "2026-03-07T18:00:00Z"), true},
		{"disjoint", iv("2026-03-07T10:00:00Z", "2026-03-07T11:00:00Z"), iv("2026-03-08T10:00:00Z", "2026-03-08T11:00:00Z"), false},
		{"empty interval overlaps nothing", iv("2026-03-07T10:00:00Z", "2026-03-07T10:00:00Z"), iv("2026-03-07T09:00:00Z", "2026-03-07T11:00:00Z"), false},
		{"reversed interval overlaps nothing", iv("2026-03-07T11:00:00Z", "2026-03-07T10:00:00Z"), iv("2026-03-07T09:00:00Z", "2026-03-07T12:00:00Z"), false},
		// 23:00-01:00 Guatemala crosses the local midnight and is 05:00-07:00 UTC the next day.
		{"local evening across midnight vs next local morning",
			Interval{local(2026, 3, 7, 23, 0), local(2026, 3, 8, 1, 0)}, Interval{local(2026, 3, 8, 0, 30), local(2026, 3, 8, 2, 0)}, true},
		{"local session ends at local midnight, next starts at midnight",
			Interval{local(2026, 3, 7, 22, 0), local(2026, 3, 8, 0, 0)}, Interval{local(2026, 3, 8, 0, 0), local(2026, 3, 8, 2, 0)}, false},
		{"same instant written in two zones touches",
			Interval{local(2026, 3, 7, 16, 0), local(2026, 3, 7, 18, 0)}, iv("2026-03-08T00:00:00Z", "2026-03-08T02:00:00Z"), false},
		{"UTC day boundary is inside the local day",
			Interval{local(2026, 3, 7, 17, 0), local(2026, 3, 7, 19, 0)}, iv("2026-03-07T23:30:00Z", "2026-03-08T00:30:00Z"), true},
		{"mixed zones one minute apart",
			Interval{local(2026, 3, 7, 17, 0), local(2026, 3, 7, 18, 0)}, iv("2026-03-08T00:01:00Z", "2026-03-08T01:00:00Z"), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.a.Overlaps(c.b); got != c.want {
				t.Fatalf("Overlaps = %v, want %v", got, c.want)
			}
			if got := c.b.Overlaps(c.a); got != c.want {
				t.Fatalf("Overlaps is not symmetric: %v", got)
			}
		})
	}
}

func TestBlocking(t *testing.T) {
	for _, s := range domain.SessionStatuses {
		want := s != domain.StatusCanceled && s != domain.StatusCompleted
		if SessionBlocks(s) != want {
			t.Errorf("SessionBlocks(%s) = %v", s, !want)
		}
		for _, a := range []string{domain.AssignmentAssigned, domain.AssignmentConfirmed, domain.AssignmentReassigned} {
			wantA := want && a != domain.AssignmentReassigned
			if AssignmentBlocks(a, s) != wantA {
				t.Errorf("AssignmentBlocks(%s, %s) = %v", a, s, !wantA)
			}
		}
	}
}

func TestConflicts(t *testing.T) {
	slot := iv("2026-03-07T10:00:00Z", "2026-03-07T12:00:00Z")
	existing := []Booking{
		{Resource: "r1", Session: "open", Code: "S-1", Status: domain.StatusConfirmed, When: iv("2026-03-07T11:00:00Z", "2026-03-07T13:00:00Z")},
		{Resource: "r1", Session: "touch", Code: "S-2", Status: domain.StatusAssigned, When: iv("2026-03-07T12:00:00Z", "2026-03-07T13:00:00Z")},
		{Resource: "r1", Session: "canceled", Code: "S-3", Status: domain.StatusCanceled, When: slot},
		{Resource: "r1", Session: "completed", Code: "S-4", Status: domain.StatusCompleted, When: slot},
		{Resource: "r2", Session: "other room", Code: "S-5", Status: domain.StatusConfirmed, When: slot},
		{Resource: "r1", Session: "self", Code: "S-6", Status: domain.StatusConfirmed, When: slot},
		{Resource: "r1", Session: "early", Code: "S-7", Status: domain.StatusRequest, When: iv("2026-03-07T09:00:00Z", "2026-03-07T10:30:00Z")},
	}
	got := Conflicts(Candidate{Resource: "r1", Session: "self", When: slot}, existing)
	if len(got) != 2 || got[0].Session != "early" || got[1].Session != "open" {
		t.Fatalf("conflicts = %+v", got)
	}

	assignments := []Booking{
		{Resource: "p1", Assignment: "a1", Session: "s1", Code: "S-1", Status: domain.StatusAssigned, AssignmentStatus: domain.AssignmentReassigned, When: slot},
		{Resource: "p1", Assignment: "a2", Session: "s2", Code: "S-2", Status: domain.StatusAssigned, AssignmentStatus: domain.AssignmentConfirmed, When: slot},
		{Resource: "p1", Assignment: "a3", Session: "s3", Code: "S-3", Status: domain.StatusCompleted, AssignmentStatus: domain.AssignmentAssigned, When: slot},
		{Resource: "p1", Assignment: "a4", Session: "mine", Code: "S-4", Status: domain.StatusAssigned, AssignmentStatus: domain.AssignmentAssigned, When: slot},
		{Resource: "p1", Assignment: "self", Session: "s5", Code: "S-5", Status: domain.StatusAssigned, AssignmentStatus: domain.AssignmentAssigned, When: slot},
	}
	got = Conflicts(Candidate{Resource: "p1", Session: "mine", Assignment: "self", When: slot}, assignments)
	if len(got) != 1 || got[0].Assignment != "a2" {
		t.Fatalf("photographer conflicts = %+v", got)
	}
	b := Blockers(got)
	if b[0].ID != "s2" || b[0].Code != "S-2" || b[0].StartsAt != "2026-03-07T10:00:00Z" || b[0].EndsAt != "2026-03-07T12:00:00Z" || b[0].Status != domain.StatusAssigned {
		t.Fatalf("blocker = %+v", b[0])
	}
}

func TestShiftCoverage(t *testing.T) {
	old := iv("2026-03-07T10:00:00Z", "2026-03-07T12:00:00Z")
	cases := []struct {
		name           string
		session, cover Interval
		want           Interval
	}{
		{"moved a day keeps travel", iv("2026-03-08T10:00:00Z", "2026-03-08T12:00:00Z"),
			iv("2026-03-07T09:00:00Z", "2026-03-07T12:30:00Z"), iv("2026-03-08T09:00:00Z", "2026-03-08T12:30:00Z")},
		{"extended end extends coverage end", iv("2026-03-07T10:00:00Z", "2026-03-07T14:00:00Z"),
			iv("2026-03-07T09:00:00Z", "2026-03-07T12:30:00Z"), iv("2026-03-07T09:00:00Z", "2026-03-07T14:30:00Z")},
		{"partial coverage that would vanish becomes the session", iv("2026-03-07T10:00:00Z", "2026-03-07T10:30:00Z"),
			iv("2026-03-07T11:00:00Z", "2026-03-07T12:00:00Z"), iv("2026-03-07T10:00:00Z", "2026-03-07T10:30:00Z")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := ShiftCoverage(old, c.session, c.cover)
			if !got.Start.Equal(c.want.Start) || !got.End.Equal(c.want.End) {
				t.Fatalf("got %v – %v, want %v – %v", got.Start, got.End, c.want.Start, c.want.End)
			}
		})
	}
}
