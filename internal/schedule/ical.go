package schedule

import (
	"strings"
	"time"
)

// Event is one VEVENT of a calendar feed.
type Event struct {
	// UID is stable across fetches: "<record id>@studio" (plus a suffix when
	// one record yields several kinds of events).
	UID string
	// Start and End are instants; with AllDay only their dates count (End
	// exclusive, as RFC 5545 wants).
	Start, End time.Time
	AllDay     bool
	Summary    string
	Location   string
	// Description is free text (escaped on output).
	Description string
	// Status is TENTATIVE or CONFIRMED.
	Status string
	// Modified is LAST-MODIFIED (zero to omit).
	Modified time.Time
}

// Calendar renders an RFC 5545 VCALENDAR: CRLF line ends, content lines
// folded at 75 octets (never inside a UTF-8 sequence), TEXT values escaped,
// UTC date-times, DTSTAMP on every event.
func Calendar(name string, stamp time.Time, events []Event) string {
	var b strings.Builder
	w := func(line string) { writeFolded(&b, line) }
	w("BEGIN:VCALENDAR")
	w("VERSION:2.0")
	w("PRODID:-//Studio//Scheduling//EN")
	w("CALSCALE:GREGORIAN")
	w("METHOD:PUBLISH")
	w("X-WR-CALNAME:" + escapeText(name))
	for _, ev := range events {
		w("BEGIN:VEVENT")
		w("UID:" + escapeText(ev.UID))
		w("DTSTAMP:" + utc(stamp))
		if ev.AllDay {
			w("DTSTART;VALUE=DATE:" + ev.Start.Format("20060102"))
			w("DTEND;VALUE=DATE:" + ev.End.Format("20060102"))
		} else {
			w("DTSTART:" + utc(ev.Start))
			w("DTEND:" + utc(ev.End))
		}
		w("SUMMARY:" + escapeText(ev.Summary))
		if ev.Location != "" {
			w("LOCATION:" + escapeText(ev.Location))
		}
		if ev.Description != "" {
			w("DESCRIPTION:" + escapeText(ev.Description))
		}
		if ev.Status != "" {
			w("STATUS:" + ev.Status)
		}
		if !ev.Modified.IsZero() {
			w("LAST-MODIFIED:" + utc(ev.Modified))
		}
		w("END:VEVENT")
	}
	w("END:VCALENDAR")
	return b.String()
}

func utc(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// escapeText escapes a TEXT value (RFC 5545 §3.3.11).
func escapeText(s string) string {
	r := strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)
	return r.Replace(s)
}

// writeFolded writes one content line, folded so that no physical line
// exceeds 75 octets (continuations start with one space), each ended by
// CRLF.
func writeFolded(b *strings.Builder, line string) {
	const limit = 75
	first := true
	for len(line) > 0 {
		max := limit
		if !first {
			max = limit - 1 // the leading space counts
		}
		if len(line) <= max {
			if !first {
				b.WriteByte(' ')
			}
			b.WriteString(line)
			break
		}
		cut := max
		for cut > 0 && !startsRune(line[cut]) {
			cut--
		}
		if !first {
			b.WriteByte(' ')
		}
		b.WriteString(line[:cut])
		b.WriteString("\r\n")
		line = line[cut:]
		first = false
	}
	b.WriteString("\r\n")
}

// startsRune reports whether c can begin a UTF-8 sequence (is not a
// continuation byte).
func startsRune(c byte) bool { return c&0xC0 != 0x80 }
