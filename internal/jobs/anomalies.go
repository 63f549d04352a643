package jobs

import (
	"fmt"
	"sort"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/schedule"
)

// Amounts are compared in whole cents computed by SQLite from the stored
// numbers (ROUND(x * 100) is exact for amounts of at most two decimals),
// so no sum is taken in floating point (docs/rules.md §5).
const cents = "CAST(ROUND(%s * 100) AS INTEGER)"

func c(expr string) string { return fmt.Sprintf(cents, expr) }

// FindAnomalies lists every broken invariant the integrity check looks
// for, ordered by key.
func FindAnomalies(app core.App) ([]Anomaly, error) {
	var out []Anomaly
	for _, find := range []func(core.App) ([]Anomaly, error){totalsMismatches, withoutPhotographer, paymentAnomalies, roomOverlaps, photographerOverlaps} {
		found, err := find(app)
		if err != nil {
			return nil, err
		}
		out = append(out, found...)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, nil
}

func amount(cents int64) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	return fmt.Sprintf("%s%d.%02d", sign, cents/100, cents%100)
}

// totalsMismatches: subtotal ≠ Σ line_subtotal, or total ≠ subtotal +
// transportation_cost − discount (docs/rules.md §4.2).
func totalsMismatches(app core.App) ([]Anomaly, error) {
	var rows []struct {
		ID       string `db:"id"`
		Code     string `db:"code"`
		Subtotal int64  `db:"subtotal"`
		Total    int64  `db:"total"`
		Lines    int64  `db:"lines"`
		Expected int64  `db:"expected"`
	}
	q := `SELECT s.id AS id, s.code AS code, ` + c("s.subtotal") + ` AS subtotal, ` + c("s.total") + ` AS total,
		COALESCE(l.cents, 0) AS lines, ` + c("s.subtotal") + ` + ` + c("s.transportation_cost") + ` - ` + c("s.discount") + ` AS expected
		FROM sessions s LEFT JOIN (SELECT session, SUM(` + c("line_subtotal") + `) AS cents FROM session_lines GROUP BY session) l ON l.session = s.id
		WHERE ` + c("s.subtotal") + ` != COALESCE(l.cents, 0)
		   OR ` + c("s.total") + ` != ` + c("s.subtotal") + ` + ` + c("s.transportation_cost") + ` - ` + c("s.discount")
	if err := app.DB().NewQuery(q).All(&rows); err != nil {
		return nil, fmt.Errorf("totals check: %w", err)
	}
	out := make([]Anomaly, len(rows))
	for i, r := range rows {
		out[i] = Anomaly{Kind: KindTotals, Key: KindTotals + ":" + r.ID, Session: r.ID,
			Details: fmt.Sprintf("Session %s: subtotal %s, lines sum to %s; total %s, subtotal + transportation − discount is %s.",
				r.Code, amount(r.Subtotal), amount(r.Lines), amount(r.Total), amount(r.Expected))}
	}
	return out, nil
}

// withoutPhotographer: a session Assigned or later (not Canceled) with no
// assignment that is not Reassigned (docs/rules.md §4.1).
func withoutPhotographer(app core.App) ([]Anomaly, error) {
	var rows []struct {
		ID     string `db:"id"`
		Code   string `db:"code"`
		Status string `db:"status"`
	}
	err := app.DB().NewQuery(`SELECT s.id AS id, s.code AS code, s.status AS status FROM sessions s
		WHERE s.status IN ({:a}, {:b}, {:c}, {:d}, {:e})
		AND NOT EXISTS (SELECT 1 FROM session_photographers p WHERE p.session = s.id AND p.assignment_status != {:reassigned})`).
		Bind(dbx.Params{"a": domain.StatusAssigned, "b": domain.StatusAttended, "c": domain.StatusInEditing,
			"d": domain.StatusReadyForDelivery, "e": domain.StatusCompleted, "reassigned": domain.AssignmentReassigned}).All(&rows)
	if err != nil {
		return nil, fmt.Errorf("photographer check: %w", err)
	}
	out := make([]Anomaly, len(rows))
	for i, r := range rows {
		out[i] = Anomaly{Kind: KindNoPhotographer, Key: KindNoPhotographer + ":" + r.ID, Session: r.ID,
			Details: fmt.Sprintf("Session %s is %s without a photographer.", r.Code, r.Status)}
	}
	return out, nil
}

// paymentAnomalies: net paid (verified Deposit + Balance − Refund) above
// total, and a standing Balance without a standing Deposit
// (docs/rules.md §5.1).
func paymentAnomalies(app core.App) ([]Anomaly, error) {
	var rows []struct {
		ID       string `db:"id"`
		Code     string `db:"code"`
		Total    int64  `db:"total"`
		Net      int64  `db:"net"`
		Deposits int    `db:"deposits"`
		Balances int    `db:"balances"`
	}
	q := `SELECT s.id AS id, s.code AS code, ` + c("s.total") + ` AS total, p.net AS net, p.deposits AS deposits, p.balances AS balances
		FROM (SELECT session,
			SUM(CASE WHEN payment_status = {:verified} THEN (CASE WHEN payment_type = {:refund} THEN -1 ELSE 1 END) * ` + c("amount") + ` ELSE 0 END) AS net,
			SUM(payment_type = {:deposit} AND payment_status != {:rejected}) AS deposits,
			SUM(payment_type = {:balance} AND payment_status != {:rejected}) AS balances
			FROM session_payments GROUP BY session) p
		JOIN sessions s ON s.id = p.session
		WHERE p.net > ` + c("s.total") + ` OR (p.balances > 0 AND p.deposits = 0)`
	err := app.DB().NewQuery(q).Bind(dbx.Params{"verified": domain.PaymentVerified, "refund": domain.PaymentRefund,
		"deposit": domain.PaymentDeposit, "balance": domain.PaymentBalance, "rejected": domain.PaymentRejected}).All(&rows)
	if err != nil {
		return nil, fmt.Errorf("payments check: %w", err)
	}
	var out []Anomaly
	for _, r := range rows {
		if r.Net > r.Total {
			out = append(out, Anomaly{Kind: KindOverpaid, Key: KindOverpaid + ":" + r.ID, Session: r.ID,
				Details: fmt.Sprintf("Session %s: net paid %s is above its total %s.", r.Code, amount(r.Net), amount(r.Total))})
		}
		if r.Balances > 0 && r.Deposits == 0 {
			out = append(out, Anomaly{Kind: KindBalanceNoDeposit, Key: KindBalanceNoDeposit + ":" + r.ID, Session: r.ID,
				Details: fmt.Sprintf("Session %s has a Balance payment but no Deposit.", r.Code)})
		}
	}
	return out, nil
}

// booking is one interval held on a resource.
type booking struct {
	Resource string `db:"resource"`
	Session  string `db:"session"`
	Code     string `db:"code"`
	Start    string `db:"start"`
	End      string `db:"end_at"`
	start    time.Time
	end      time.Time
}

// overlaps sweeps bookings ordered by resource then start and answers each
// pair of different sessions whose half-open intervals intersect on the
// same resource (docs/rules.md §6).
func overlaps(bs []booking, kind, what string) []Anomaly {
	var out []Anomaly
	var active []booking
	resource := ""
	for _, b := range bs {
		b.start, b.end = schedule.ParseDBTime(b.Start), schedule.ParseDBTime(b.End)
		if b.Resource != resource {
			resource, active = b.Resource, active[:0]
		}
		kept := active[:0]
		for _, a := range active {
			if a.end.After(b.start) {
				kept = append(kept, a)
			}
		}
		active = kept
		for _, a := range active {
			if a.Session == b.Session || !b.end.After(b.start) {
				continue
			}
			first, second := a, b
			if second.Session < first.Session {
				first, second = second, first
			}
			out = append(out, Anomaly{Kind: kind, Key: kind + ":" + b.Resource + ":" + first.Session + ":" + second.Session, Session: first.Session,
				Details: fmt.Sprintf("%s %s is held by sessions %s and %s at once (%s – %s and %s – %s).", what, b.Resource,
					first.Code, second.Code, first.start.Format(time.RFC3339), first.end.Format(time.RFC3339),
					second.start.Format(time.RFC3339), second.end.Format(time.RFC3339))})
		}
		if b.end.After(b.start) {
			active = append(active, b)
		}
	}
	return dedupe(out)
}

// dedupe keeps the first anomaly of each key (two assignments of one
// photographer to the same pair of sessions are one problem).
func dedupe(as []Anomaly) []Anomaly {
	seen := map[string]bool{}
	out := as[:0]
	for _, a := range as {
		if !seen[a.Key] {
			seen[a.Key] = true
			out = append(out, a)
		}
	}
	return out
}

const openStatus = "status NOT IN ('" + domain.StatusCanceled + "', '" + domain.StatusCompleted + "')"

func roomOverlaps(app core.App) ([]Anomaly, error) {
	var bs []booking
	err := app.DB().NewQuery(`SELECT room AS resource, id AS session, code, starts_at AS start, ends_at AS end_at
		FROM sessions WHERE room != '' AND ` + openStatus + ` ORDER BY room, starts_at, id`).All(&bs)
	if err != nil {
		return nil, fmt.Errorf("room overlap check: %w", err)
	}
	return overlaps(bs, KindRoomOverlap, "Room"), nil
}

func photographerOverlaps(app core.App) ([]Anomaly, error) {
	var bs []booking
	err := app.DB().NewQuery(`SELECT a.photographer AS resource, a.session AS session, s.code AS code,
		a.coverage_start AS start, a.coverage_end AS end_at
		FROM session_photographers a JOIN sessions s ON s.id = a.session
		WHERE a.assignment_status != {:reassigned} AND s.` + openStatus + ` ORDER BY a.photographer, a.coverage_start, a.id`).
		Bind(dbx.Params{"reassigned": domain.AssignmentReassigned}).All(&bs)
	if err != nil {
		return nil, fmt.Errorf("photographer overlap check: %w", err)
	}
	return overlaps(bs, KindPhotographerOverlap, "Photographer"), nil
}
