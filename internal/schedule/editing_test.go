package schedule

import (
	"strings"
	"testing"
	"time"
)

func TestSortQueue(t *testing.T) {
	q := []QueueEntry{
		{Code: "no-date-early", StartsAt: at("2026-01-01T10:00:00Z")},
		{Code: "late", EstimatedDeliveryDate: at("2026-02-10T00:00:00Z"), StartsAt: at("2026-01-01T10:00:00Z")},
		{Code: "urgent-later-session", EstimatedDeliveryDate: at("2026-02-01T00:00:00Z"), StartsAt: at("2026-01-05T10:00:00Z")},
		{Code: "urgent-earlier-session", EstimatedDeliveryDate: at("2026-02-01T00:00:00Z"), StartsAt: at("2026-01-03T10:00:00Z")},
	}
	SortQueue(q)
	var got []string
	for _, e := range q {
		got = append(got, e.Code)
	}
	want := "urgent-earlier-session,urgent-later-session,late,no-date-early"
	if strings.Join(got, ",") != want {
		t.Fatalf("order %v, want %s", got, want)
	}
	if l := Load("e", "E", 10, 10); !l.AtCapacity {
		t.Fatal("10 of 10 must be at capacity")
	}
	if l := Load("e", "E", 9, 10); l.AtCapacity {
		t.Fatal("9 of 10 is not at capacity")
	}
}

func TestAppendObservation(t *testing.T) {
	gt, _ := time.LoadLocation("America/Guatemala")
	got := AppendObservation("first\n", at("2026-03-08T02:00:00Z"), gt, "Eddie", " needs retouching ")
	if got != "first\n[2026-03-07 20:00 Eddie] needs retouching" {
		t.Fatalf("got %q", got)
	}
	if got := AppendObservation("", at("2026-03-08T02:00:00Z"), time.UTC, "E", "x"); got != "[2026-03-08 02:00 E] x" {
		t.Fatalf("got %q", got)
	}
}
