package jobs

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/notify"
	"github.com/studio/studio/internal/rbac"
)

// AnomaliesCollection keeps what the integrity check found.
const AnomaliesCollection = "integrity_anomalies"

// Anomaly states.
const (
	AnomalyOpen   = "Open"
	AnomalyClosed = "Closed"
)

// Anomaly kinds (docs/rules.md §8).
const (
	KindTotals              = "totals_mismatch"
	KindNoPhotographer      = "assigned_without_photographer"
	KindOverpaid            = "net_paid_above_total"
	KindRoomOverlap         = "room_overlap"
	KindPhotographerOverlap = "photographer_overlap"
	KindBalanceNoDeposit    = "balance_without_deposit"
)

// Anomaly is one broken invariant. Key names it stably (kind and the ids
// involved), so the same problem found on another night is the same
// anomaly whatever its amounts are by then.
type Anomaly struct {
	Kind, Key, Session, Details string
}

// IntegrityCheck looks for broken invariants over the whole database
// (docs/rules.md §8): totals that do not match their lines, sessions
// Assigned or later without a photographer, net paid above total, a
// Balance without a Deposit, overlapping open sessions in one room,
// overlapping coverage of one photographer. Every anomaly is kept in
// integrity_anomalies: a new one is logged and sent to the admins once
// (one transaction each); one still present stays open without a new
// alert; an open one no longer found is closed.
func IntegrityCheck(app core.App, now time.Time, opts Options) (Summary, error) {
	var s Summary
	if err := app.DB().Select("count(*)").From("sessions").Row(&s.Examined); err != nil {
		return s, fmt.Errorf("count sessions: %w", err)
	}
	found, err := FindAnomalies(app)
	if err != nil {
		return s, err
	}
	open := map[string]string{}
	var rows []struct {
		ID  string `db:"id"`
		Key string `db:"key"`
	}
	if err := app.DB().NewQuery("SELECT id, key FROM " + AnomaliesCollection + " WHERE status = {:open}").
		Bind(dbx.Params{"open": AnomalyOpen}).All(&rows); err != nil {
		return s, fmt.Errorf("open anomalies: %w", err)
	}
	for _, r := range rows {
		open[r.Key] = r.ID
	}
	admins, err := notify.ActiveUsersInRole(app, rbac.RoleAdmin)
	if err != nil {
		return s, err
	}
	current := map[string]bool{}
	for _, a := range found {
		current[a.Key] = true
		if _, known := open[a.Key]; known {
			s.Skipped++
			continue
		}
		unit(app, &s, opts, IntegrityCheckName, a.Key, func(tx core.App) (outcome, string, error) {
			return openAnomaly(tx, a, admins, now)
		})
	}
	for key, id := range open {
		if current[key] {
			continue
		}
		unit(app, &s, opts, IntegrityCheckName, key, func(tx core.App) (outcome, string, error) {
			return closeAnomaly(tx, id, now)
		})
	}
	return s, nil
}

// openAnomaly records a new anomaly and alerts the admins (their ids read
// once per run).
func openAnomaly(tx core.App, a Anomaly, admins []string, now time.Time) (outcome, string, error) {
	var n int
	if err := tx.DB().Select("count(*)").From(AnomaliesCollection).
		Where(dbx.HashExp{"key": a.Key, "status": AnomalyOpen}).Row(&n); err != nil || n > 0 {
		return unchanged, "", err
	}
	c, err := tx.FindCachedCollectionByNameOrId(AnomaliesCollection)
	if err != nil {
		return unchanged, "", err
	}
	r := core.NewRecord(c)
	r.Set("kind", a.Kind)
	r.Set("key", a.Key)
	r.Set("session", a.Session)
	r.Set("details", a.Details)
	r.Set("status", AnomalyOpen)
	r.Set("first_seen", now)
	if err := tx.Save(r); err != nil {
		return unchanged, "", fmt.Errorf("record anomaly %s: %w", a.Key, err)
	}
	if err := notify.Staff(tx, admins, notify.KindIntegrity, "Integrity problem: "+a.Kind, a.Details, a.Session); err != nil {
		return unchanged, "", err
	}
	tx.Logger().Warn("integrity anomaly", slog.String("kind", a.Kind), slog.String("key", a.Key), slog.String("details", a.Details))
	return changed, "new: " + a.Details, nil
}

func closeAnomaly(tx core.App, id string, now time.Time) (outcome, string, error) {
	r, err := tx.FindRecordById(AnomaliesCollection, id)
	if err != nil {
		return unchanged, "", err
	}
	if r.GetString("status") != AnomalyOpen {
		return unchanged, "", nil
	}
	r.Set("status", AnomalyClosed)
	r.Set("closed_at", now)
	if err := tx.Save(r); err != nil {
		return unchanged, "", fmt.Errorf("close anomaly %s: %w", r.GetString("key"), err)
	}
	tx.Logger().Info("integrity anomaly fixed", slog.String("kind", r.GetString("kind")), slog.String("key", r.GetString("key")))
	return changed, "fixed: " + r.GetString("details"), nil
}
