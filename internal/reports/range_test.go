package reports

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/studio/studio/internal/domain"
)

func guatemala(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("America/Guatemala")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestParseRange(t *testing.T) {
	loc := guatemala(t)
	r, err := ParseRange("2026-03-01", "2026-05-01", loc)
	if err != nil {
		t.Fatal(err)
	}
	if got := r.From.UTC().Format(time.RFC3339); got != "2026-03-01T06:00:00Z" {
		t.Fatalf("from = %s, want local midnight 06:00Z", got)
	}
	if got := strings.Join(r.Months(), ","); got != "2026-03,2026-04" {
		t.Fatalf("months = %s", got)
	}
	if !r.Contains(time.Date(2026, 5, 1, 5, 59, 59, 0, time.UTC)) || r.Contains(time.Date(2026, 5, 1, 6, 0, 0, 0, time.UTC)) {
		t.Fatal("the range must end at local midnight of to, exclusive")
	}
	if got := strings.Join(mustRange(t, "2026-03-15", "2026-03-16", loc).Months(), ","); got != "2026-03" {
		t.Fatalf("one day's months = %s", got)
	}
	for _, c := range [][3]string{
		{"", "2026-05-01", "from"}, {"2026-03-01", "", "to"}, {"2026-3-1", "2026-05-01", "from"},
		{"2026-03-01", "2026-02-30", "to"}, {"2026-03-01", "2026-03-01", "to"}, {"2026-05-01", "2026-03-01", "to"},
		{"2010-01-01", "2020-01-10", "to"},
	} {
		_, err := ParseRange(c[0], c[1], loc)
		var de *domain.Error
		if !errors.As(err, &de) || de.Field != c[2] || de.ErrCode != domain.CodeValidation {
			t.Errorf("%v: %v, want VALIDATION_ERROR on %s", c, err, c[2])
		}
	}
	if _, err := ParseRange("2010-01-01", "2020-01-08", loc); err != nil {
		t.Errorf("3,659 days refused: %v", err)
	}
}

func mustRange(t *testing.T, from, to string, loc *time.Location) Range {
	t.Helper()
	r, err := ParseRange(from, to, loc)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestFigures(t *testing.T) {
	cases := []struct {
		got  Figure
		want string
	}{
		{RateOf(1, 3), "33.33"},
		{RateOf(2, 3), "66.67"},
		{RateOf(1, 8), "12.50"},
		{RateOf(0, 5), "0.00"},
		{RateOf(3, 0), ""},
		{daysOf(36*time.Hour, 1), "1.50"},
		{daysOf(time.Hour, 3), "0.01"},
		{daysOf(0, 0), ""},
	}
	for i, c := range cases {
		if c.got.String() != c.want {
			t.Errorf("case %d: %q, want %q", i, c.got.String(), c.want)
		}
	}
	if got := hoursOf(9*time.Hour + 20*time.Minute).StringFixed(2); got != "9.33" {
		t.Errorf("9 h 20 min = %s hours", got)
	}
	if got := MoneyOf(decimal.RequireFromString("0.125")).String(); got != "0.13" {
		t.Errorf("0.125 rounds to %s, want 0.13 (half away from zero)", got)
	}
	if b, _ := RateOf(3, 0).MarshalJSON(); string(b) != "null" {
		t.Errorf("an undefined rate renders %s", b)
	}
}
