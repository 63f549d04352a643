package schedule

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestCalendarFormat(t *testing.T) {
	long := strings.Repeat("Sesión de fotos, familia; niños\\ ", 8)
	out := Calendar("Studio", at("2026-03-01T12:00:00Z"), []Event{
		{UID: "abc@studio", Start: at("2026-03-07T16:00:00Z"), End: at("2026-03-07T18:00:00Z"), Summary: "S-1 · Studio", Location: "Zona 10, Guatemala", Description: long + "\nline two", Status: "CONFIRMED"},
		{UID: "def-delivery@studio", Start: time.Date(2026, 3, 13, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 3, 14, 0, 0, 0, 0, time.UTC), AllDay: true, Summary: "Delivery"},
	})
	if !strings.HasSuffix(out, "END:VCALENDAR\r\n") {
		t.Fatal("missing final CRLF")
	}
	if strings.Contains(strings.ReplaceAll(out, "\r\n", ""), "\n") || strings.Contains(strings.ReplaceAll(out, "\r\n", ""), "\r") {
		t.Fatal("bare LF or CR in output")
	}
	lines := strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n")
	for _, l := range lines {
		if len(l) > 75 {
			t.Fatalf("line of %d octets: %q", len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Fatalf("fold split a UTF-8 sequence: %q", l)
		}
	}
	unfolded := strings.ReplaceAll(out, "\r\n ", "")
	for _, want := range []string{
		"DTSTAMP:20260301T120000Z", "DTSTART:20260307T160000Z", "DTEND:20260307T180000Z",
		"DTSTART;VALUE=DATE:20260313", "DTEND;VALUE=DATE:20260314", "UID:abc@studio",
		`LOCATION:Zona 10\, Guatemala`, `Sesión de fotos\, familia\; niños\\ `, `\nline two`,
	} {
		if !strings.Contains(unfolded, want) {
			t.Errorf("missing %q", want)
		}
	}
}
