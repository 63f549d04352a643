package reports

import (
	"slices"
	"sort"

	"github.com/shopspring/decimal"

	"github.com/studio/studio/internal/domain"
)

// MonthMoney is a month's Verified payments by type and the net revenue
// D + B − R.
type MonthMoney struct {
	Month    string `json:"month"`
	Deposits Money  `json:"deposits"`
	Balances Money  `json:"balances"`
	Refunds  Money  `json:"refunds"`
	Net      Money  `json:"net"`
}

// OutstandingSession is a session with a balance still to collect.
type OutstandingSession struct {
	SessionID   string `json:"session_id"`
	Code        string `json:"code"`
	ClientID    string `json:"client_id"`
	ClientName  string `json:"client_name"`
	Status      string `json:"status"`
	Total       Money  `json:"total"`
	NetPaid     Money  `json:"net_paid"`
	Outstanding Money  `json:"outstanding"`
}

// Outstanding lists the balances to collect as of the range's end, and
// their sum.
type Outstanding struct {
	Sessions []OutstandingSession `json:"sessions"`
	Total    Money                `json:"total"`
}

// Expected is the revenue of the Confirmed and Assigned sessions dated in
// the range.
type Expected struct {
	Sessions int   `json:"sessions"`
	Total    Money `json:"total"`
}

// FinancialReport is the financial report of docs/rules.md §9.
type FinancialReport struct {
	From            string       `json:"from"`
	To              string       `json:"to"`
	Timezone        string       `json:"timezone"`
	Currency        string       `json:"currency"`
	ByMonth         []MonthMoney `json:"by_month"`
	Totals          MonthMoney   `json:"totals"`
	Outstanding     Outstanding  `json:"outstanding"`
	ExpectedRevenue Expected     `json:"expected_revenue"`
}

// ConfirmedOrLater are the states past the deposit, Canceled excluded: the
// sessions whose balance is owed.
var ConfirmedOrLater = []string{
	domain.StatusConfirmed, domain.StatusAssigned, domain.StatusAttended,
	domain.StatusInEditing, domain.StatusReadyForDelivery, domain.StatusCompleted,
}

// ExpectedStatuses are the states whose sessions make the expected revenue.
var ExpectedStatuses = []string{domain.StatusConfirmed, domain.StatusAssigned}

// Financial computes the financial report: Verified payments by payment
// month (studio time), the outstanding balances as of the range's end (a
// session now Confirmed or later, not Canceled, that had reached Confirmed
// before `to`: total − net paid of its Verified payments dated before
// `to`, where positive) and the expected revenue (Σ total of Confirmed and
// Assigned sessions dated in the range).
func Financial(d *Data, r Range, currency string) FinancialReport {
	rep := FinancialReport{From: r.FromDate, To: r.ToDate, Timezone: r.Loc.String(), Currency: currency}
	months := map[string]*MonthMoney{}
	for _, m := range r.Months() {
		rep.ByMonth = append(rep.ByMonth, MonthMoney{Month: m})
	}
	for i := range rep.ByMonth {
		months[rep.ByMonth[i].Month] = &rep.ByMonth[i]
	}
	sums := map[string][3]decimal.Decimal{}
	netPaid := map[string]decimal.Decimal{}
	for _, p := range d.Payments {
		if p.Status != domain.PaymentVerified {
			continue
		}
		if p.Date.Before(r.To) {
			netPaid[p.Session] = netPaid[p.Session].Add(signed(p))
		}
		if !r.Contains(p.Date) {
			continue
		}
		m := r.Month(p.Date)
		s := sums[m]
		switch p.Type {
		case domain.PaymentDeposit:
			s[0] = s[0].Add(p.Amount)
		case domain.PaymentBalance:
			s[1] = s[1].Add(p.Amount)
		case domain.PaymentRefund:
			s[2] = s[2].Add(p.Amount)
		}
		sums[m] = s
	}
	var total [3]decimal.Decimal
	for i := range rep.ByMonth {
		s := sums[rep.ByMonth[i].Month]
		rep.ByMonth[i] = monthMoney(rep.ByMonth[i].Month, s)
		for k := range total {
			total[k] = total[k].Add(s[k])
		}
	}
	rep.Totals = monthMoney("total", total)

	confirmedBefore := map[string]bool{}
	for _, c := range d.History {
		if c.To == domain.StatusConfirmed && c.At.Before(r.To) {
			confirmedBefore[c.Session] = true
		}
	}
	rep.Outstanding.Sessions = []OutstandingSession{}
	var owed, expected decimal.Decimal
	for _, s := range d.Sessions {
		if slices.Contains(ExpectedStatuses, s.Status) && r.Contains(s.StartsAt) {
			rep.ExpectedRevenue.Sessions++
			expected = expected.Add(s.Total)
		}
		if !slices.Contains(ConfirmedOrLater, s.Status) || !confirmedBefore[s.ID] {
			continue
		}
		left := s.Total.Sub(netPaid[s.ID])
		if !left.IsPositive() {
			continue
		}
		owed = owed.Add(left)
		rep.Outstanding.Sessions = append(rep.Outstanding.Sessions, OutstandingSession{
			SessionID: s.ID, Code: s.Code, ClientID: s.Client, ClientName: d.Names[s.Client], Status: s.Status,
			Total: MoneyOf(s.Total), NetPaid: MoneyOf(netPaid[s.ID]), Outstanding: MoneyOf(left),
		})
	}
	sort.Slice(rep.Outstanding.Sessions, func(i, j int) bool {
		a, b := rep.Outstanding.Sessions[i], rep.Outstanding.Sessions[j]
		if !a.Outstanding.Equal(b.Outstanding.Decimal) {
			return a.Outstanding.GreaterThan(b.Outstanding.Decimal)
		}
		return a.Code < b.Code
	})
	rep.Outstanding.Total = MoneyOf(owed)
	rep.ExpectedRevenue.Total = MoneyOf(expected)
	return rep
}

// signed is a Verified payment's contribution to net paid.
func signed(p Payment) decimal.Decimal {
	if p.Type == domain.PaymentRefund {
		return p.Amount.Neg()
	}
	return p.Amount
}

func monthMoney(month string, s [3]decimal.Decimal) MonthMoney {
	return MonthMoney{Month: month, Deposits: MoneyOf(s[0]), Balances: MoneyOf(s[1]), Refunds: MoneyOf(s[2]),
		Net: MoneyOf(s[0].Add(s[1]).Sub(s[2]))}
}
