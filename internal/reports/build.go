package reports

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/settings"
)

// Names of the three reports, as in their routes and permissions.
const (
	KindSessions    = "sessions"
	KindFinancial   = "financial"
	KindPerformance = "performance"
)

// RangeFor reads from and to in the studio's time zone (settings).
func RangeFor(app core.App, from, to string) (Range, settings.Settings, error) {
	st, err := settings.Load(app)
	if err != nil {
		return Range{}, st, err
	}
	r, err := ParseRange(from, to, st.Location())
	return r, st, err
}

// BuildSessions loads and computes the sessions report.
func BuildSessions(app core.App, r Range) (SessionsReport, error) {
	d, err := LoadSessions(app, r)
	if err != nil {
		return SessionsReport{}, err
	}
	return Sessions(d, r), nil
}

// BuildFinancial loads and computes the financial report.
func BuildFinancial(app core.App, r Range, currency string) (FinancialReport, error) {
	d, err := LoadFinancial(app, r)
	if err != nil {
		return FinancialReport{}, err
	}
	return Financial(d, r, currency), nil
}

// BuildPerformance loads and computes the performance report.
func BuildPerformance(app core.App, r Range) (PerformanceReport, error) {
	d, err := LoadPerformance(app, r)
	if err != nil {
		return PerformanceReport{}, err
	}
	return Performance(d, r), nil
}
