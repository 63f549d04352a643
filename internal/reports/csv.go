package reports

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
)

// CSVHeader is the header of every report's CSV: one figure per row, in
// long form (section, key, name, metric, value), which spreadsheets pivot
// and BI tools load without knowing the report's shape.
var CSVHeader = []string{"section", "key", "name", "metric", "value"}

type csvRows [][]string

func (c *csvRows) add(section, key, name, metric, value string) {
	*c = append(*c, []string{section, key, spreadsheetText(name), metric, value})
}

// spreadsheetText keeps a name typed by a user (a client's, a staff
// member's) from running as a formula when the CSV is opened in a
// spreadsheet: a cell that starts with =, +, -, @, a tab or a carriage
// return gets a leading apostrophe, which spreadsheets read as "text"
// (docs/rules.md §9.8).
func spreadsheetText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func (c *csvRows) count(section, key, name, metric string, n int) {
	c.add(section, key, name, metric, strconv.Itoa(n))
}

// writeCSV writes the header and rows.
func writeCSV(w io.Writer, rows csvRows) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// WriteCSV writes the sessions report as CSV.
func (rep SessionsReport) WriteCSV(w io.Writer) error {
	var c csvRows
	c.add("range", "", "", "from", rep.From)
	c.add("range", "", "", "to", rep.To)
	c.add("range", "", "", "timezone", rep.Timezone)
	c.count("total", "", "", "sessions", rep.Sessions)
	for _, s := range rep.ByStatus {
		c.count("by_status", s.Key, "", "sessions", s.Sessions)
	}
	for _, s := range rep.ByType {
		c.count("by_type", s.Key, "", "sessions", s.Sessions)
	}
	for _, m := range rep.ByMonth {
		c.count("by_month", m.Month, "", "sessions", m.Sessions)
		c.count("by_month", m.Month, "", "canceled", m.Canceled)
	}
	c.count("conversion", "", "", "created", rep.Conversion.Created)
	c.count("conversion", "", "", "confirmed", rep.Conversion.Confirmed)
	c.add("conversion", "", "", "rate", rep.Conversion.Rate.String())
	c.count("cancellation", "", "", "sessions", rep.Cancellation.Sessions)
	c.count("cancellation", "", "", "canceled", rep.Cancellation.Canceled)
	c.add("cancellation", "", "", "rate", rep.Cancellation.Rate.String())
	for _, k := range rep.Cancellation.ByClient {
		c.count("cancellation_by_client", k.ClientID, k.Name, "sessions", k.Sessions)
		c.count("cancellation_by_client", k.ClientID, k.Name, "canceled", k.Canceled)
		c.add("cancellation_by_client", k.ClientID, k.Name, "rate", k.Rate.String())
	}
	return writeCSV(w, c)
}

// WriteCSV writes the financial report as CSV.
func (rep FinancialReport) WriteCSV(w io.Writer) error {
	var c csvRows
	c.add("range", "", "", "from", rep.From)
	c.add("range", "", "", "to", rep.To)
	c.add("range", "", "", "timezone", rep.Timezone)
	c.add("range", "", "", "currency", rep.Currency)
	for _, m := range append(append([]MonthMoney{}, rep.ByMonth...), rep.Totals) {
		section := "by_month"
		if m.Month == "total" {
			section = "totals"
		}
		c.add(section, m.Month, "", "deposits", m.Deposits.String())
		c.add(section, m.Month, "", "balances", m.Balances.String())
		c.add(section, m.Month, "", "refunds", m.Refunds.String())
		c.add(section, m.Month, "", "net", m.Net.String())
	}
	for _, s := range rep.Outstanding.Sessions {
		name := s.Code + " " + s.ClientName
		c.add("outstanding", s.SessionID, name, "total", s.Total.String())
		c.add("outstanding", s.SessionID, name, "net_paid", s.NetPaid.String())
		c.add("outstanding", s.SessionID, name, "outstanding", s.Outstanding.String())
	}
	c.add("outstanding_total", "", "", "outstanding", rep.Outstanding.Total.String())
	c.count("expected_revenue", "", "", "sessions", rep.ExpectedRevenue.Sessions)
	c.add("expected_revenue", "", "", "total", rep.ExpectedRevenue.Total.String())
	return writeCSV(w, c)
}

// WriteCSV writes the performance report as CSV.
func (rep PerformanceReport) WriteCSV(w io.Writer) error {
	var c csvRows
	c.add("range", "", "", "from", rep.From)
	c.add("range", "", "", "to", rep.To)
	c.add("range", "", "", "timezone", rep.Timezone)
	for _, p := range rep.Photographers {
		c.count("photographers", p.UserID, p.Name, "sessions", p.Sessions)
		c.add("photographers", p.UserID, p.Name, "covered_hours", p.CoveredHours.String())
	}
	for _, e := range rep.Editors {
		c.count("editors", e.UserID, e.Name, "sessions", e.Sessions)
		c.add("editors", e.UserID, e.Name, "average_editing_days", e.AverageEditingDays.String())
		c.count("editors", e.UserID, e.Name, "on_time", e.OnTime)
		c.add("editors", e.UserID, e.Name, "on_time_rate", e.OnTimeRate.String())
	}
	return writeCSV(w, c)
}
