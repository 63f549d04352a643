package mirror

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/studio/studio/internal/reports"
	"github.com/studio/studio/internal/settings"
)

// ReportRange is the range the report tables cover at now: the
// Config.ReportMonths whole months before the current studio month, the
// current month and the next three.
func (m *Mirror) ReportRange(now time.Time) (reports.Range, settings.Settings, error) {
	st, err := settings.Load(m.app)
	if err != nil {
		return reports.Range{}, st, err
	}
	loc := st.Location()
	local := now.In(loc)
	month := time.Date(local.Year(), local.Month(), 1, 0, 0, 0, 0, loc)
	from := month.AddDate(0, -m.cfg.ReportMonths, 0).Format(time.DateOnly)
	to := month.AddDate(0, 4, 0).Format(time.DateOnly)
	r, err := reports.ParseRange(from, to, loc)
	return r, st, err
}

// WriteReports computes the three reports for ReportRange at the app's
// clock and replaces the report tables with them in one transaction.
func (m *Mirror) WriteReports(ctx context.Context, progress Progress) error {
	now := settings.Now(m.app)
	r, st, err := m.ReportRange(now)
	if err != nil {
		return err
	}
	sess, err := reports.BuildSessions(m.app, r)
	if err != nil {
		return err
	}
	fin, err := reports.BuildFinancial(m.app, r, st.Currency)
	if err != nil {
		return err
	}
	perf, err := reports.BuildPerformance(m.app, r)
	if err != nil {
		return err
	}
	return m.exclusive(ctx, func(conn *pgx.Conn) error {
		tx, err := conn.Begin(ctx)
		if err != nil {
			return fmt.Errorf("mirror reports: %w", err)
		}
		defer func() { _ = tx.Rollback(ctx) }()
		b := &pgx.Batch{}
		for _, t := range []string{"report_meta", "report_figures", "report_sessions_by_status", "report_sessions_by_type",
			"report_sessions_by_month", "report_cancellations_by_client", "report_financial_by_month", "report_outstanding",
			"report_photographers", "report_editors"} {
			b.Queue(m.q(`DELETE FROM {{s}}.` + t))
		}
		b.Queue(m.q(`INSERT INTO {{s}}.report_meta (id, range_from, range_to, timezone, currency, generated_at) VALUES (1, $1, $2, $3, $4, $5)`),
			r.FromDate, r.ToDate, r.Loc.String(), st.Currency, now.UTC())
		figure := func(report, name string, v any) {
			b.Queue(m.q(`INSERT INTO {{s}}.report_figures (report, figure, value) VALUES ($1, $2, $3)`), report, name, v)
		}
		figure("sessions", "sessions", sess.Sessions)
		figure("sessions", "conversion_created", sess.Conversion.Created)
		figure("sessions", "conversion_confirmed", sess.Conversion.Confirmed)
		figure("sessions", "conversion_rate", fig(sess.Conversion.Rate))
		figure("sessions", "cancellation_sessions", sess.Cancellation.Sessions)
		figure("sessions", "cancellation_canceled", sess.Cancellation.Canceled)
		figure("sessions", "cancellation_rate", fig(sess.Cancellation.Rate))
		figure("financial", "deposits", numeric(fin.Totals.Deposits.Decimal))
		figure("financial", "balances", numeric(fin.Totals.Balances.Decimal))
		figure("financial", "refunds", numeric(fin.Totals.Refunds.Decimal))
		figure("financial", "net", numeric(fin.Totals.Net.Decimal))
		figure("financial", "outstanding_total", numeric(fin.Outstanding.Total.Decimal))
		figure("financial", "expected_revenue_sessions", fin.ExpectedRevenue.Sessions)
		figure("financial", "expected_revenue_total", numeric(fin.ExpectedRevenue.Total.Decimal))
		for _, c := range sess.ByStatus {
			b.Queue(m.q(`INSERT INTO {{s}}.report_sessions_by_status (status, sessions) VALUES ($1, $2)`), c.Key, c.Sessions)
		}
		for _, c := range sess.ByType {
			b.Queue(m.q(`INSERT INTO {{s}}.report_sessions_by_type (session_type, sessions) VALUES ($1, $2)`), c.Key, c.Sessions)
		}
		for _, c := range sess.ByMonth {
			b.Queue(m.q(`INSERT INTO {{s}}.report_sessions_by_month (month, sessions, canceled) VALUES ($1, $2, $3)`), c.Month, c.Sessions, c.Canceled)
		}
		for _, c := range sess.Cancellation.ByClient {
			b.Queue(m.q(`INSERT INTO {{s}}.report_cancellations_by_client (client_id, name, sessions, canceled, rate) VALUES ($1, $2, $3, $4, $5)`),
				c.ClientID, c.Name, c.Sessions, c.Canceled, fig(c.Rate))
		}
		for _, c := range fin.ByMonth {
			b.Queue(m.q(`INSERT INTO {{s}}.report_financial_by_month (month, deposits, balances, refunds, net) VALUES ($1, $2, $3, $4, $5)`),
				c.Month, numeric(c.Deposits.Decimal), numeric(c.Balances.Decimal), numeric(c.Refunds.Decimal), numeric(c.Net.Decimal))
		}
		for _, o := range fin.Outstanding.Sessions {
			b.Queue(m.q(`INSERT INTO {{s}}.report_outstanding (session_id, code, client_id, client_name, status, total, net_paid, outstanding)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`), o.SessionID, o.Code, o.ClientID, o.ClientName, o.Status,
				numeric(o.Total.Decimal), numeric(o.NetPaid.Decimal), numeric(o.Outstanding.Decimal))
		}
		for _, p := range perf.Photographers {
			b.Queue(m.q(`INSERT INTO {{s}}.report_photographers (user_id, name, sessions, covered_hours) VALUES ($1, $2, $3, $4)`),
				p.UserID, p.Name, p.Sessions, fig(p.CoveredHours))
		}
		for _, e := range perf.Editors {
			b.Queue(m.q(`INSERT INTO {{s}}.report_editors (user_id, name, sessions, average_editing_days, on_time, on_time_rate)
				VALUES ($1, $2, $3, $4, $5, $6)`), e.UserID, e.Name, e.Sessions, fig(e.AverageEditingDays), e.OnTime, fig(e.OnTimeRate))
		}
		n := b.Len()
		if err := tx.SendBatch(ctx, b).Close(); err != nil {
			return fmt.Errorf("mirror reports: %w", err)
		}
		if err := tx.Commit(ctx); err != nil {
			return fmt.Errorf("mirror reports: %w", err)
		}
		if progress != nil {
			return progress(Event{Stage: "reports", Rows: n, Total: n})
		}
		return nil
	})
}

// fig is a report figure's value, NULL when it has none.
func fig(f reports.Figure) any {
	if !f.Valid {
		return nil
	}
	return numeric(f.Value)
}
