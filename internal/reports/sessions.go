package reports

import (
	"sort"

	"github.com/studio/studio/internal/domain"
)

// Count is a number of sessions under one key (a status, a type).
type Count struct {
	Key      string `json:"key"`
	Sessions int    `json:"sessions"`
}

// MonthCount is a month's sessions and how many of them are Canceled.
type MonthCount struct {
	Month    string `json:"month"`
	Sessions int    `json:"sessions"`
	Canceled int    `json:"canceled"`
}

// Conversion is, of the sessions created in the range, how many ever
// reached Confirmed (by their status history), in percent.
type Conversion struct {
	Created   int    `json:"created"`
	Confirmed int    `json:"confirmed"`
	Rate      Figure `json:"rate"`
}

// ClientCancellations is one client's sessions dated in the range.
type ClientCancellations struct {
	ClientID string `json:"client_id"`
	Name     string `json:"name"`
	Sessions int    `json:"sessions"`
	Canceled int    `json:"canceled"`
	Rate     Figure `json:"rate"`
}

// Cancellation is Canceled / all sessions dated in the range, overall and
// per client.
type Cancellation struct {
	Sessions int                   `json:"sessions"`
	Canceled int                   `json:"canceled"`
	Rate     Figure                `json:"rate"`
	ByClient []ClientCancellations `json:"by_client"`
}

// SessionsReport is the sessions report of docs/rules.md §9.
type SessionsReport struct {
	From         string       `json:"from"`
	To           string       `json:"to"`
	Timezone     string       `json:"timezone"`
	Sessions     int          `json:"sessions"`
	ByStatus     []Count      `json:"by_status"`
	ByType       []Count      `json:"by_type"`
	ByMonth      []MonthCount `json:"by_month"`
	Conversion   Conversion   `json:"conversion"`
	Cancellation Cancellation `json:"cancellation"`
}

// sessionTypes are the session types, in report order.
var sessionTypes = []string{domain.SessionTypeStudio, domain.SessionTypeExternal}

// Sessions computes the sessions report: sessions dated (starts_at) in the
// range by status, type and month, their cancellation rate overall and per
// client, and the conversion of the sessions created in the range.
func Sessions(d *Data, r Range) SessionsReport {
	rep := SessionsReport{From: r.FromDate, To: r.ToDate, Timezone: r.Loc.String()}
	byStatus := map[string]int{}
	byType := map[string]int{}
	months := r.Months()
	byMonth := make(map[string]*MonthCount, len(months))
	for _, m := range months {
		rep.ByMonth = append(rep.ByMonth, MonthCount{Month: m})
	}
	for i := range rep.ByMonth {
		byMonth[rep.ByMonth[i].Month] = &rep.ByMonth[i]
	}
	clients := map[string]*ClientCancellations{}
	history := d.historyBySession()

	for _, s := range d.Sessions {
		if r.Contains(s.Created) {
			rep.Conversion.Created++
			for _, c := range history[s.ID] {
				if c.To == domain.StatusConfirmed {
					rep.Conversion.Confirmed++
					break
				}
			}
		}
		if !r.Contains(s.StartsAt) {
			continue
		}
		canceled := s.Status == domain.StatusCanceled
		rep.Sessions++
		byStatus[s.Status]++
		byType[s.Type]++
		m := byMonth[r.Month(s.StartsAt)]
		m.Sessions++
		c := clients[s.Client]
		if c == nil {
			c = &ClientCancellations{ClientID: s.Client, Name: d.Names[s.Client]}
			clients[s.Client] = c
		}
		c.Sessions++
		if canceled {
			m.Canceled++
			c.Canceled++
			rep.Cancellation.Canceled++
		}
	}
	for _, st := range domain.SessionStatuses {
		rep.ByStatus = append(rep.ByStatus, Count{Key: st, Sessions: byStatus[st]})
	}
	for _, t := range sessionTypes {
		rep.ByType = append(rep.ByType, Count{Key: t, Sessions: byType[t]})
	}
	rep.Conversion.Rate = RateOf(rep.Conversion.Confirmed, rep.Conversion.Created)
	rep.Cancellation.Sessions = rep.Sessions
	rep.Cancellation.Rate = RateOf(rep.Cancellation.Canceled, rep.Sessions)
	rep.Cancellation.ByClient = []ClientCancellations{}
	for _, c := range clients {
		c.Rate = RateOf(c.Canceled, c.Sessions)
		rep.Cancellation.ByClient = append(rep.Cancellation.ByClient, *c)
	}
	sort.Slice(rep.Cancellation.ByClient, func(i, j int) bool {
		a, b := rep.Cancellation.ByClient[i], rep.Cancellation.ByClient[j]
		if a.Canceled != b.Canceled {
			return a.Canceled > b.Canceled
		}
		if a.Sessions != b.Sessions {
			return a.Sessions > b.Sessions
		}
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return a.ClientID < b.ClientID
	})
	return rep
}
