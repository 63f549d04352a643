package jobs

import (
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/notify"
	"github.com/studio/studio/internal/rbac"
)

// IsHighRisk is the rule of docs/rules.md §3: a client whose canceled
// sessions are more than 2 and more than half of its sessions.
func IsHighRisk(canceled, total int) bool {
	return canceled > 2 && canceled*2 > total
}

type clientCounts struct {
	ID       string `db:"id"`
	HighRisk bool   `db:"high_risk"`
	Total    int    `db:"total"`
	Canceled int    `db:"canceled"`
}

// HighRiskClients sets and unsets every client's high_risk flag by the
// rule (docs/rules.md §3), one transaction per client whose flag is
// wrong; a client that becomes high risk alerts the coordinators in the
// same transaction. The flag is also set at once when a cancellation
// makes a client high risk (see UpdateClientRisk); this nightly pass
// catches the rest: a client that stops being high risk as new sessions
// come in, sessions deleted, data restored or imported.
func HighRiskClients(app core.App, now time.Time, opts Options) (Summary, error) {
	var s Summary
	var all []clientCounts
	err := app.DB().NewQuery(`SELECT c.id AS id, c.high_risk AS high_risk, COUNT(s.id) AS total,
		COALESCE(SUM(s.status = {:canceled}), 0) AS canceled
		FROM clients c LEFT JOIN sessions s ON s.client = c.id GROUP BY c.id ORDER BY c.id`).
		Bind(dbx.Params{"canceled": domain.StatusCanceled}).All(&all)
	if err != nil {
		return s, fmt.Errorf("client cancellation counts: %w", err)
	}
	s.Examined = len(all)
	for _, c := range all {
		if c.HighRisk == IsHighRisk(c.Canceled, c.Total) {
			s.Skipped++
			continue
		}
		unit(app, &s, opts, HighRiskClientsName, c.ID, func(tx core.App) (outcome, string, error) {
			r, err := UpdateClientRisk(tx, c.ID)
			if err != nil || !r.Changed {
				return unchanged, "", err
			}
			return changed, r.String(), nil
		})
	}
	return s, nil
}

// RiskChange is what UpdateClientRisk did to a client.
type RiskChange struct {
	Client, Name      string
	Canceled, Total   int
	Changed, HighRisk bool
}

// String describes the change.
func (r RiskChange) String() string {
	state := "no longer high risk"
	if r.HighRisk {
		state = "now high risk"
	}
	return fmt.Sprintf("%s is %s (%d of %d sessions canceled)", r.Name, state, r.Canceled, r.Total)
}

// UpdateClientRisk recomputes one client's high_risk flag in tx from its
// sessions and saves it if it differs; when the client becomes high risk
// the coordinators are notified in tx (docs/rules.md §3, §7).
func UpdateClientRisk(tx core.App, clientID string) (RiskChange, error) {
	r := RiskChange{Client: clientID}
	var flagged bool
	err := tx.DB().NewQuery(`SELECT c.high_risk, COUNT(s.id), COALESCE(SUM(s.status = {:canceled}), 0)
		FROM clients c LEFT JOIN sessions s ON s.client = c.id WHERE c.id = {:client} GROUP BY c.id`).
		Bind(dbx.Params{"canceled": domain.StatusCanceled, "client": clientID}).Row(&flagged, &r.Total, &r.Canceled)
	if err != nil {
		return r, fmt.Errorf("sessions of client %s: %w", clientID, err)
	}
	r.HighRisk = IsHighRisk(r.Canceled, r.Total)
	if flagged == r.HighRisk {
		return r, nil
	}
	client, err := tx.FindRecordById("clients", clientID)
	if err != nil {
		return r, fmt.Errorf("client %s: %w", clientID, err)
	}
	r.Name = client.GetString("full_name")
	client.Set("high_risk", r.HighRisk)
	if err := tx.Save(client); err != nil {
		return r, fmt.Errorf("save client %s: %w", clientID, err)
	}
	r.Changed = true
	if !r.HighRisk {
		return r, nil
	}
	coordinators, err := notify.ActiveUsersInRole(tx, rbac.RoleCoordinator)
	if err != nil {
		return r, err
	}
	title := fmt.Sprintf("High-risk client: %s", r.Name)
	body := fmt.Sprintf("%s has canceled %d of %d sessions.", r.Name, r.Canceled, r.Total)
	return r, notify.Staff(tx, coordinators, notify.KindHighRiskClient, title, body, "")
}
