// Package reports computes the studio's reports (docs/rules.md §9) from
// plain rows: sessions, financial and performance figures for a range of
// dates in the studio's time zone, with exact decimal money. Loading the
// rows (load.go) is separate from the computations, which are pure.
package reports

import (
	"time"

	"github.com/studio/studio/internal/domain"
)

// MaxRangeDays bounds a report's range (about ten years), so one request
// cannot ask the server to scan an unbounded history.
const MaxRangeDays = 3660

// Range is [From, To) of calendar dates in the studio's time zone.
type Range struct {
	// FromDate and ToDate are the dates as given (YYYY-MM-DD).
	FromDate, ToDate string
	// From and To are the first instant of each date in Loc.
	From, To time.Time
	// Loc is the studio's time zone.
	Loc *time.Location
}

// ParseRange reads from and to as dates (YYYY-MM-DD) in loc; both are
// required, from must come before to, and the range spans at most
// MaxRangeDays. Errors are VALIDATION_ERROR on the offending parameter.
func ParseRange(from, to string, loc *time.Location) (Range, error) {
	f, err := parseDate("from", from, loc)
	if err != nil {
		return Range{}, err
	}
	t, err := parseDate("to", to, loc)
	if err != nil {
		return Range{}, err
	}
	if !f.Before(t) {
		return Range{}, domain.Invalid("to", "The range is [from, to): to (%s) must be a later date than from (%s).", to, from).
			With("from", from).With("to", to)
	}
	if t.Sub(f) > MaxRangeDays*24*time.Hour+2*time.Hour {
		return Range{}, domain.Invalid("to", "A report covers at most %d days.", MaxRangeDays).With("max_days", MaxRangeDays)
	}
	return Range{FromDate: from, ToDate: to, From: f, To: t, Loc: loc}, nil
}

func parseDate(field, value string, loc *time.Location) (time.Time, error) {
	if value == "" {
		return time.Time{}, domain.Invalid(field, "The %s date is required (YYYY-MM-DD).", field)
	}
	d, err := time.ParseInLocation(time.DateOnly, value, loc)
	if err != nil {
		return time.Time{}, domain.Invalid(field, "The %s date must be a calendar date written YYYY-MM-DD, not %q.", field, value).
			With("value", value)
	}
	return d, nil
}

// Contains reports whether t lies in [From, To).
func (r Range) Contains(t time.Time) bool {
	return !t.IsZero() && !t.Before(r.From) && t.Before(r.To)
}

// Month is t's calendar month in the studio's time zone, as YYYY-MM.
func (r Range) Month(t time.Time) string { return t.In(r.Loc).Format("2006-01") }

// Months lists the calendar months the range touches, in order.
func (r Range) Months() []string {
	var out []string
	last := r.To.Add(-time.Nanosecond).In(r.Loc)
	m := time.Date(r.From.In(r.Loc).Year(), r.From.In(r.Loc).Month(), 1, 0, 0, 0, 0, r.Loc)
	for !m.After(last) {
		out = append(out, m.Format("2006-01"))
		m = m.AddDate(0, 1, 0)
	}
	return out
}
