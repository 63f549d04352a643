package mirror

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// snapshot is a read transaction on the app's SQLite database: every read
// through it sees the same committed state (WAL), while writers go on.
type snapshot struct {
	tx *dbx.Tx
}

// openSnapshot starts the read transaction; its first read fixes the
// state it sees.
func openSnapshot(app core.App) (*snapshot, error) {
	db, ok := app.ConcurrentDB().(*dbx.DB)
	if !ok {
		return nil, fmt.Errorf("mirror: the app's read database is not a *dbx.DB")
	}
	tx, err := db.Begin()
	if err != nil {
		return nil, fmt.Errorf("mirror snapshot: %w", err)
	}
	return &snapshot{tx: tx}, nil
}

// close ends the read transaction.
func (s *snapshot) close() { _ = s.tx.Rollback() }

// lastSeq is the newest change log entry the snapshot sees.
func (s *snapshot) lastSeq() (int64, error) {
	var n int64
	if err := s.tx.NewQuery(`SELECT COALESCE(MAX(seq), 0) FROM ` + ChangeTable).Row(&n); err != nil {
		return 0, fmt.Errorf("mirror change log: %w", err)
	}
	return n, nil
}

// pending lists the pending entries up to seq, oldest first.
func (s *snapshot) pending(upTo int64) ([]entry, error) {
	var out []entry
	err := s.tx.NewQuery(`SELECT seq, collection, record_id FROM ` + ChangeTable + ` WHERE applied = '' AND seq <= {:max} ORDER BY seq`).
		Bind(dbx.Params{"max": upTo}).All(&out)
	if err != nil {
		return nil, fmt.Errorf("mirror pending changes: %w", err)
	}
	return out, nil
}

// rows reads the table's rows (all of them with no ids, else those ids)
// and hands each, converted, to fn.
func (s *snapshot) rows(t table, ids []string, fn func(id string, values []any) error) error {
	q := t.selectSQL()
	p := dbx.Params{}
	if ids != nil {
		list, err := json.Marshal(ids)
		if err != nil {
			return err
		}
		p["ids"] = string(list)
		q += " WHERE [[id]] IN (SELECT value FROM json_each({:ids}))"
	}
	rows, err := s.tx.NewQuery(q).Bind(p).Rows()
	if err != nil {
		return fmt.Errorf("mirror read %s: %w", t.source, err)
	}
	return errors.Join(scanRows(t, rows.Rows, fn), rows.Close())
}

func scanRows(t table, rows *sql.Rows, fn func(id string, values []any) error) error {
	raw := make([]any, len(t.columns))
	ptrs := make([]any, len(t.columns))
	for i := range raw {
		ptrs[i] = &raw[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return fmt.Errorf("mirror read %s: %w", t.source, err)
		}
		values := make([]any, len(t.columns))
		for i, col := range t.columns {
			v, err := convert(col.kind, raw[i])
			if err != nil {
				return fmt.Errorf("mirror read %s.%s: %w", t.source, col.name, err)
			}
			values[i] = v
		}
		if err := fn(text(raw[0]), values); err != nil {
			return err
		}
	}
	return rows.Err()
}
