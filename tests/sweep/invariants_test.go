package sweep

import (
	"slices"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/shopspring/decimal"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/rbac"
)

// dec reads a stored amount as the cents it holds.
func dec(f float64) decimal.Decimal { return decimal.NewFromFloat(f).Round(2) }

// checkInvariants reads the database after the sweep and checks, each
// computed here from the rows: no two open sessions overlap in one room,
// no photographer holds two overlapping active assignments of open
// sessions, every session's totals equal its lines, net paid (verified
// deposits and balances minus verified refunds) never exceeds the total,
// no Balance stands without a Deposit, and no session before Attended has
// an active assignment of a user who is not an Active Photographer.
func checkInvariants(t *testing.T, s *studio) {
	t.Helper()
	app := s.app
	var overlaps []struct {
		A string `db:"a"`
		B string `db:"b"`
	}
	open := "NOT IN ('" + domain.StatusCanceled + "', '" + domain.StatusCompleted + "')"
	err := app.DB().NewQuery(`SELECT s1.code AS a, s2.code AS b FROM sessions s1 JOIN sessions s2
		ON s1.room = s2.room AND s1.room != '' AND s1.id < s2.id
		WHERE s1.status ` + open + ` AND s2.status ` + open + `
		AND s1.starts_at < s2.ends_at AND s2.starts_at < s1.ends_at`).All(&overlaps)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range overlaps {
		t.Errorf("room double booked: %s and %s", o.A, o.B)
	}
	overlaps = nil
	err = app.DB().NewQuery(`SELECT a1.id AS a, a2.id AS b FROM session_photographers a1 JOIN session_photographers a2
		ON a1.photographer = a2.photographer AND a1.id < a2.id
		JOIN sessions s1 ON s1.id = a1.session JOIN sessions s2 ON s2.id = a2.session
		WHERE a1.assignment_status != 'Reassigned' AND a2.assignment_status != 'Reassigned'
		AND s1.status ` + open + ` AND s2.status ` + open + `
		AND a1.coverage_start < a2.coverage_end AND a2.coverage_start < a1.coverage_end`).All(&overlaps)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range overlaps {
		t.Errorf("photographer double booked: assignments %s and %s", o.A, o.B)
	}

	all, err := app.FindAllRecords("sessions")
	if err != nil {
		t.Fatal(err)
	}
	statuses := map[string]int{}
	for _, sess := range all {
		statuses[sess.GetString("status")]++
		lines, err := app.FindAllRecords("session_lines", dbx.HashExp{"session": sess.Id})
		if err != nil {
			t.Fatal(err)
		}
		sub := decimal.Zero
		for _, l := range lines {
			sub = sub.Add(dec(l.GetFloat("line_subtotal")))
		}
		total := sub.Add(dec(sess.GetFloat("transportation_cost"))).Sub(dec(sess.GetFloat("discount")))
		code := sess.GetString("code")
		if !dec(sess.GetFloat("subtotal")).Equal(sub) || !dec(sess.GetFloat("total")).Equal(total) {
			t.Errorf("%s: subtotal %v total %v, lines give %s and %s", code, sess.GetFloat("subtotal"), sess.GetFloat("total"), sub, total)
		}
		pays, err := app.FindAllRecords("session_payments", dbx.HashExp{"session": sess.Id})
		if err != nil {
			t.Fatal(err)
		}
		net := decimal.Zero
		deposit, balance := false, false
		for _, p := range pays {
			status, kind := p.GetString("payment_status"), p.GetString("payment_type")
			if status != domain.PaymentRejected {
				deposit = deposit || kind == domain.PaymentDeposit
				balance = balance || kind == domain.PaymentBalance
			}
			if status != domain.PaymentVerified {
				continue
			}
			if kind == domain.PaymentRefund {
				net = net.Sub(dec(p.GetFloat("amount")))
			} else {
				net = net.Add(dec(p.GetFloat("amount")))
			}
		}
		if net.GreaterThan(total) {
			t.Errorf("%s: net paid %s above total %s", code, net, total)
		}
		if balance && !deposit {
			t.Errorf("%s: a Balance stands without a Deposit", code)
		}
	}
	t.Logf("sessions by status: %v", statuses)

	photographerRole, err := app.FindFirstRecordByData("roles", "name", rbac.RolePhotographer)
	if err != nil {
		t.Fatal(err)
	}
	before := []any{domain.StatusRequest, domain.StatusNegotiation, domain.StatusPreScheduled, domain.StatusConfirmed, domain.StatusAssigned}
	var rows []struct {
		Assignment   string `db:"assignment"`
		Photographer string `db:"photographer"`
	}
	err = app.DB().Select("a.id AS assignment", "a.photographer AS photographer").From("session_photographers a").
		InnerJoin("sessions s", dbx.NewExp("s.id = a.session")).
		Where(dbx.NewExp("a.assignment_status != 'Reassigned'")).AndWhere(dbx.In("s.status", before...)).All(&rows)
	if err != nil {
		t.Fatal(err)
	}
	active := 0
	for _, row := range rows {
		u, err := app.FindRecordById("users", row.Photographer)
		if err != nil {
			t.Errorf("assignment %s names no user", row.Assignment)
			continue
		}
		if u.GetString("status") != domain.Active || !slices.Contains(u.GetStringSlice("roles"), photographerRole.Id) {
			t.Errorf("assignment %s is active for %s (%s, roles %v), not an Active Photographer", row.Assignment, u.GetString("name"), u.GetString("status"), u.GetStringSlice("roles"))
		}
		active++
	}
	t.Logf("active assignments before Attended: %d", active)
}
