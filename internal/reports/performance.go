package reports

import (
	"slices"
	"sort"
	"time"

	"github.com/studio/studio/internal/domain"
)

// PhotographerFigures are a photographer's sessions and covered hours.
type PhotographerFigures struct {
	UserID       string `json:"user_id"`
	Name         string `json:"name"`
	Sessions     int    `json:"sessions"`
	CoveredHours Figure `json:"covered_hours"`
}

// EditorFigures are an editor's deliveries: sessions that reached Ready
// for Delivery in the range, the average days from Attended to Ready for
// Delivery, and how many were ready on or before the promised date.
type EditorFigures struct {
	UserID             string `json:"user_id"`
	Name               string `json:"name"`
	Sessions           int    `json:"sessions"`
	AverageEditingDays Figure `json:"average_editing_days"`
	OnTime             int    `json:"on_time"`
	OnTimeRate         Figure `json:"on_time_rate"`
}

// PerformanceReport is the performance report of docs/rules.md §9.
type PerformanceReport struct {
	From          string                `json:"from"`
	To            string                `json:"to"`
	Timezone      string                `json:"timezone"`
	Photographers []PhotographerFigures `json:"photographers"`
	Editors       []EditorFigures       `json:"editors"`
}

// AttendedOrLater are the states of a session that took place, Canceled
// excluded.
var AttendedOrLater = []string{
	domain.StatusAttended, domain.StatusInEditing, domain.StatusReadyForDelivery, domain.StatusCompleted,
}

// Performance computes the performance report. Photographers: sessions
// dated in the range, Attended or later, where their assignment is not
// Reassigned, and the hours those assignments cover. Editors: sessions
// whose status history reaches Ready for Delivery in the range, counted
// for the session's assigned editor; editing days run from the last
// Attended entry before it, and a delivery is on time when its studio
// date is on or before the estimated delivery date.
func Performance(d *Data, r Range) PerformanceReport {
	rep := PerformanceReport{From: r.FromDate, To: r.ToDate, Timezone: r.Loc.String(),
		Photographers: []PhotographerFigures{}, Editors: []EditorFigures{}}
	sessions := d.sessionsByID()

	type photo struct {
		sessions map[string]bool
		covered  time.Duration
	}
	photos := map[string]*photo{}
	for _, a := range d.Assignments {
		s := sessions[a.Session]
		if s == nil || a.Status == domain.AssignmentReassigned || !slices.Contains(AttendedOrLater, s.Status) || !r.Contains(s.StartsAt) {
			continue
		}
		p := photos[a.Photographer]
		if p == nil {
			p = &photo{sessions: map[string]bool{}}
			photos[a.Photographer] = p
		}
		p.sessions[a.Session] = true
		if a.End.After(a.Start) {
			p.covered += a.End.Sub(a.Start)
		}
	}
	for id, p := range photos {
		rep.Photographers = append(rep.Photographers, PhotographerFigures{UserID: id, Name: d.Names[id],
			Sessions: len(p.sessions), CoveredHours: Figure{Value: hoursOf(p.covered), Valid: true}})
	}
	sort.Slice(rep.Photographers, func(i, j int) bool {
		a, b := rep.Photographers[i], rep.Photographers[j]
		if a.Sessions != b.Sessions {
			return a.Sessions > b.Sessions
		}
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return a.UserID < b.UserID
	})

	type editor struct {
		sessions, timed, onTime int
		editing                 time.Duration
	}
	editors := map[string]*editor{}
	for id, changes := range d.historyBySession() {
		s := sessions[id]
		if s == nil || s.Editor == "" {
			continue
		}
		ready, attended, ok := readyInRange(changes, r)
		if !ok {
			continue
		}
		e := editors[s.Editor]
		if e == nil {
			e = &editor{}
			editors[s.Editor] = e
		}
		e.sessions++
		if !attended.IsZero() {
			e.timed++
			e.editing += ready.Sub(attended)
		}
		if !s.EstimatedDelivery.IsZero() && !dateOf(ready, r.Loc).After(dateOf(s.EstimatedDelivery, r.Loc)) {
			e.onTime++
		}
	}
	for id, e := range editors {
		rep.Editors = append(rep.Editors, EditorFigures{UserID: id, Name: d.Names[id], Sessions: e.sessions,
			AverageEditingDays: daysOf(e.editing, e.timed), OnTime: e.onTime, OnTimeRate: RateOf(e.onTime, e.sessions)})
	}
	sort.Slice(rep.Editors, func(i, j int) bool {
		a, b := rep.Editors[i], rep.Editors[j]
		if a.Sessions != b.Sessions {
			return a.Sessions > b.Sessions
		}
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return a.UserID < b.UserID
	})
	return rep
}

// readyInRange finds the session's first entry into Ready for Delivery
// inside the range and the last entry into Attended before it (zero when
// the history has none).
func readyInRange(changes []Change, r Range) (ready, attended time.Time, ok bool) {
	sorted := slices.Clone(changes)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].At.Before(sorted[j].At) })
	for _, c := range sorted {
		switch {
		case c.To == domain.StatusAttended:
			attended = c.At
		case c.To == domain.StatusReadyForDelivery && r.Contains(c.At):
			return c.At, attended, true
		}
	}
	return time.Time{}, time.Time{}, false
}

// dateOf is t's calendar date in loc, at midnight UTC (for comparing dates).
func dateOf(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
