package mirror

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/schedule"
)

// ChangeTable is the SQLite table of the change log (created by the
// migrations): one row per insert, update or delete of a mirrored
// collection, written in the transaction of the change.
const ChangeTable = "mirror_changes"

// Operations of the change log.
const (
	OpUpsert = "upsert"
	OpDelete = "delete"
)

// KeepApplied is how long applied entries stay in the log (for status and
// inspection) before Sync prunes them.
const KeepApplied = 7 * 24 * time.Hour

// Log records a change of a mirrored record. Call it with the
// transaction that makes the change, so the change and its log entry
// commit or roll back together. Before the migration that creates the log
// has run (records written by earlier migrations), it records nothing: a
// resync copies what the log never saw.
func Log(tx core.App, collection, recordID, op string) error {
	_, err := tx.DB().NewQuery(`INSERT INTO ` + ChangeTable + ` (collection, record_id, op, changed) VALUES ({:c}, {:id}, {:op}, {:at})`).
		Bind(dbx.Params{"c": collection, "id": recordID, "op": op, "at": schedule.DBTime(time.Now())}).Execute()
	if err != nil && strings.Contains(err.Error(), "no such table: "+ChangeTable) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("mirror change log: %w", err)
	}
	return nil
}

// entry is one pending change.
type entry struct {
	Seq        int64  `db:"seq"`
	Collection string `db:"collection"`
	RecordID   string `db:"record_id"`
}

// markApplied marks the entries up to seq of these records applied.
func markApplied(app core.App, collection string, ids []string, upTo int64) error {
	if len(ids) == 0 {
		return nil
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return err
	}
	p := dbx.Params{"c": collection, "max": upTo, "at": schedule.DBTime(time.Now()), "ids": string(list)}
	_, err = app.DB().NewQuery(`UPDATE ` + ChangeTable + ` SET applied = {:at}
		WHERE seq <= {:max} AND applied = '' AND collection = {:c} AND record_id IN (SELECT value FROM json_each({:ids}))`).Bind(p).Execute()
	if err != nil {
		return fmt.Errorf("mark mirror changes applied: %w", err)
	}
	return nil
}

// markAllApplied marks every entry up to seq applied (after a resync).
func markAllApplied(app core.App, upTo int64) error {
	_, err := app.DB().NewQuery(`UPDATE ` + ChangeTable + ` SET applied = {:at} WHERE seq <= {:max} AND applied = ''`).
		Bind(dbx.Params{"max": upTo, "at": schedule.DBTime(time.Now())}).Execute()
	if err != nil {
		return fmt.Errorf("mark mirror changes applied: %w", err)
	}
	return nil
}

// prune removes entries applied longer than KeepApplied ago.
func prune(app core.App) error {
	_, err := app.DB().NewQuery(`DELETE FROM ` + ChangeTable + ` WHERE applied <> '' AND applied < {:before}`).
		Bind(dbx.Params{"before": schedule.DBTime(time.Now().Add(-KeepApplied))}).Execute()
	if err != nil {
		return fmt.Errorf("prune mirror changes: %w", err)
	}
	return nil
}

// Backlog is the state of the change log.
type Backlog struct {
	// Pending is the number of entries not applied yet.
	Pending int `db:"pending"`
	// Oldest is when the oldest pending change was made (zero when none).
	Oldest time.Time
	// LastApplied is when an entry was last marked applied (zero when never).
	LastApplied time.Time
}

// ReadBacklog counts the pending entries.
func ReadBacklog(app core.App) (Backlog, error) {
	var row struct {
		Pending int    `db:"pending"`
		Oldest  string `db:"oldest"`
		Applied string `db:"applied"`
	}
	err := app.DB().NewQuery(`SELECT
		(SELECT COUNT(*) FROM ` + ChangeTable + ` WHERE applied = '') AS pending,
		COALESCE((SELECT MIN(changed) FROM ` + ChangeTable + ` WHERE applied = ''), '') AS oldest,
		COALESCE((SELECT MAX(applied) FROM ` + ChangeTable + `), '') AS applied`).One(&row)
	if err != nil {
		return Backlog{}, fmt.Errorf("mirror backlog: %w", err)
	}
	return Backlog{Pending: row.Pending, Oldest: schedule.ParseDBTime(row.Oldest), LastApplied: schedule.ParseDBTime(row.Applied)}, nil
}
