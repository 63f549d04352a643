package lifecycle

import "time"

// EndOfDay is 23:59:59 of t's day in loc.
func EndOfDay(t time.Time, loc *time.Location) time.Time {
	l := t.In(loc)
	return time.Date(l.Year(), l.Month(), l.Day(), 23, 59, 59, 0, loc)
}

// PaymentDeadline is the end of the day days after now (docs/rules.md §5.2).
func PaymentDeadline(now time.Time, days int, loc *time.Location) time.Time {
	return EndOfDay(now.In(loc).AddDate(0, 0, days), loc)
}

// ChangesDeadline is the end of the day days before the session's date.
func ChangesDeadline(start time.Time, days int, loc *time.Location) time.Time {
	return EndOfDay(start.In(loc).AddDate(0, 0, -days), loc)
}

// DeliveryDate is the session's date plus the editing days, at the start of
// that day in the studio's time zone.
func DeliveryDate(start time.Time, editingDays int, loc *time.Location) time.Time {
	l := start.In(loc).AddDate(0, 0, editingDays)
	return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, loc)
}
