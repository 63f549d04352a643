package reports

import (
	"fmt"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/model"
	"github.com/studio/studio/internal/money"
	"github.com/studio/studio/internal/schedule"
)

type sessionRow struct {
	ID       string  `db:"id"`
	Code     string  `db:"code"`
	Client   string  `db:"client"`
	Type     string  `db:"session_type"`
	Status   string  `db:"status"`
	Editor   string  `db:"assigned_editor"`
	StartsAt string  `db:"starts_at"`
	Created  string  `db:"created"`
	Delivery string  `db:"estimated_delivery_date"`
	Total    float64 `db:"total"`
}

type paymentRow struct {
	Session string  `db:"session"`
	Type    string  `db:"payment_type"`
	Status  string  `db:"payment_status"`
	Amount  float64 `db:"amount"`
	Date    string  `db:"payment_date"`
}

type changeRow struct {
	Session string `db:"session"`
	From    string `db:"previous_status"`
	To      string `db:"new_status"`
	At      string `db:"created"`
}

type assignmentRow struct {
	Session      string `db:"session"`
	Photographer string `db:"photographer"`
	Status       string `db:"assignment_status"`
	Start        string `db:"coverage_start"`
	End          string `db:"coverage_end"`
}

const sessionColumns = `s.id, s.code, s.client, s.session_type, s.status, s.assigned_editor, s.starts_at, s.created,
	s.estimated_delivery_date, COALESCE(s.total, 0) AS total`

// params binds the range bounds as PocketBase stores datetimes, so that
// text comparison orders them.
func params(r Range) dbx.Params {
	return dbx.Params{"from": schedule.DBTime(r.From), "to": schedule.DBTime(r.To)}
}

// inList renders a quoted IN list of constant values (statuses).
func inList(values []string) string {
	q := make([]string, len(values))
	for i, v := range values {
		q[i] = "'" + strings.ReplaceAll(v, "'", "''") + "'"
	}
	return "(" + strings.Join(q, ", ") + ")"
}

// LoadSessions reads what the sessions report needs: the sessions dated
// or created in the range, the Confirmed entries of the created ones, and
// the client names.
func LoadSessions(app core.App, r Range) (*Data, error) {
	d := &Data{}
	p := params(r)
	if err := loadSessionRows(app, d, `(s.starts_at >= {:from} AND s.starts_at < {:to}) OR (s.created >= {:from} AND s.created < {:to})`, p); err != nil {
		return nil, err
	}
	if err := loadChanges(app, d, `h.new_status = {:confirmed} AND h.session IN (SELECT id FROM `+model.Sessions+` WHERE created >= {:from} AND created < {:to})`,
		dbx.Params{"from": p["from"], "to": p["to"], "confirmed": domain.StatusConfirmed}); err != nil {
		return nil, err
	}
	return d, loadNames(app, d, "clients", "full_name")
}

// LoadFinancial reads what the financial report needs: the Verified
// payments dated in the range or owed to a session now Confirmed or
// later, those sessions, their entries into Confirmed before `to`, and
// the client names.
func LoadFinancial(app core.App, r Range) (*Data, error) {
	d := &Data{}
	p := params(r)
	owed := "s.status IN " + inList(ConfirmedOrLater)
	if err := loadSessionRows(app, d, owed, p); err != nil {
		return nil, err
	}
	var rows []paymentRow
	err := app.DB().NewQuery(`SELECT session, payment_type, payment_status, amount, payment_date FROM ` + model.SessionPayments + `
		WHERE payment_status = {:verified} AND payment_date < {:to}
		AND (payment_date >= {:from} OR session IN (SELECT s.id FROM ` + model.Sessions + ` s WHERE ` + owed + `))`).
		Bind(dbx.Params{"from": p["from"], "to": p["to"], "verified": domain.PaymentVerified}).All(&rows)
	if err != nil {
		return nil, fmt.Errorf("report payments: %w", err)
	}
	for _, row := range rows {
		d.Payments = append(d.Payments, Payment{Session: row.Session, Type: row.Type, Status: row.Status,
			Amount: money.FromStored(row.Amount), Date: schedule.ParseDBTime(row.Date)})
	}
	if err := loadChanges(app, d, `h.new_status = {:confirmed} AND h.created < {:to} AND h.session IN (SELECT s.id FROM `+model.Sessions+` s WHERE `+owed+`)`,
		dbx.Params{"to": p["to"], "confirmed": domain.StatusConfirmed}); err != nil {
		return nil, err
	}
	return d, loadNames(app, d, "clients", "full_name")
}

// LoadPerformance reads what the performance report needs: the sessions
// Attended or later dated in the range with their assignments, the
// sessions that reached Ready for Delivery in the range with their
// Attended and Ready for Delivery entries, and the user names.
func LoadPerformance(app core.App, r Range) (*Data, error) {
	d := &Data{}
	p := params(r)
	p["ready"] = domain.StatusReadyForDelivery
	p["attended"] = domain.StatusAttended
	took := `s.status IN ` + inList(AttendedOrLater) + ` AND s.starts_at >= {:from} AND s.starts_at < {:to}`
	ready := `SELECT session FROM session_status_history WHERE new_status = {:ready} AND created >= {:from} AND created < {:to}`
	if err := loadSessionRows(app, d, `(`+took+`) OR s.id IN (`+ready+`)`, p); err != nil {
		return nil, err
	}
	var rows []assignmentRow
	err := app.DB().NewQuery(`SELECT a.session, a.photographer, a.assignment_status, a.coverage_start, a.coverage_end
		FROM ` + model.SessionPhotographers + ` a JOIN ` + model.Sessions + ` s ON s.id = a.session WHERE ` + took).Bind(p).All(&rows)
	if err != nil {
		return nil, fmt.Errorf("report assignments: %w", err)
	}
	for _, row := range rows {
		d.Assignments = append(d.Assignments, Assignment{Session: row.Session, Photographer: row.Photographer, Status: row.Status,
			Start: schedule.ParseDBTime(row.Start), End: schedule.ParseDBTime(row.End)})
	}
	if err := loadChanges(app, d, `h.new_status IN ({:attended}, {:ready}) AND h.session IN (`+ready+`)`, p); err != nil {
		return nil, err
	}
	return d, loadNames(app, d, "users", "name")
}

func loadSessionRows(app core.App, d *Data, where string, p dbx.Params) error {
	var rows []sessionRow
	if err := app.DB().NewQuery(`SELECT ` + sessionColumns + ` FROM ` + model.Sessions + ` s WHERE ` + where).Bind(p).All(&rows); err != nil {
		return fmt.Errorf("report sessions: %w", err)
	}
	for _, row := range rows {
		d.Sessions = append(d.Sessions, Session{ID: row.ID, Code: row.Code, Client: row.Client, Type: row.Type, Status: row.Status,
			Editor: row.Editor, StartsAt: schedule.ParseDBTime(row.StartsAt), Created: schedule.ParseDBTime(row.Created),
			EstimatedDelivery: schedule.ParseDBTime(row.Delivery), Total: money.FromStored(row.Total)})
	}
	return nil
}

func loadChanges(app core.App, d *Data, where string, p dbx.Params) error {
	var rows []changeRow
	err := app.DB().NewQuery(`SELECT h.session, h.previous_status, h.new_status, h.created FROM session_status_history h
		WHERE ` + where + ` ORDER BY h.created, h.id`).Bind(p).All(&rows)
	if err != nil {
		return fmt.Errorf("report status history: %w", err)
	}
	for _, row := range rows {
		d.History = append(d.History, Change{Session: row.Session, From: row.From, To: row.To, At: schedule.ParseDBTime(row.At)})
	}
	return nil
}

// loadNames maps every id of the collection to its display name.
func loadNames(app core.App, d *Data, table, column string) error {
	var rows []struct {
		ID   string `db:"id"`
		Name string `db:"name"`
	}
	if err := app.DB().NewQuery(`SELECT id, ` + column + ` AS name FROM ` + table).All(&rows); err != nil {
		return fmt.Errorf("report names: %w", err)
	}
	d.Names = make(map[string]string, len(rows))
	for _, row := range rows {
		d.Names[row.ID] = row.Name
	}
	return nil
}
