package mirror

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
)

// SyncResult tells what a Sync did.
type SyncResult struct {
	// Resynced is true when the mirror had never been built and Sync
	// rebuilt it instead.
	Resynced bool
	// Changes is the number of log entries applied; Upserted and Deleted
	// count the rows written and removed.
	Changes, Upserted, Deleted int
	// Batches is the number of PostgreSQL transactions.
	Batches int
}

// op is one row to write (values) or remove (values nil).
type op struct {
	table  table
	id     string
	values []any
}

// Sync applies the pending change log to PostgreSQL. In one read snapshot
// of SQLite it lists the pending entries and reads the current row of
// each changed record (a record no longer there is deleted); then it
// writes them in batches of Config.BatchSize rows, upserts parents first
// and deletes children first, one PostgreSQL transaction per batch, and
// after each commit marks that batch's entries applied. The upserts and
// deletes are idempotent, so a crash between a commit and its marking
// only writes the same rows again on the next run.
func (m *Mirror) Sync(ctx context.Context, progress Progress) (SyncResult, error) {
	var res SyncResult
	err := m.exclusive(ctx, func(conn *pgx.Conn) error {
		var baseline string
		err := conn.QueryRow(ctx, m.q(`SELECT COALESCE((SELECT value FROM {{s}}.mirror_state WHERE key = 'baseline_seq'), '')`)).Scan(&baseline)
		if err != nil {
			return fmt.Errorf("mirror state: %w", err)
		}
		if baseline == "" {
			res.Resynced = true
			_, err := m.resync(ctx, conn, progress)
			return err
		}
		return m.apply(ctx, conn, progress, &res)
	})
	if err != nil {
		return res, err
	}
	return res, prune(m.app)
}

func (m *Mirror) apply(ctx context.Context, conn *pgx.Conn, progress Progress, res *SyncResult) error {
	snap, err := openSnapshot(m.app)
	if err != nil {
		return err
	}
	defer snap.close()
	upTo, err := snap.lastSeq()
	if err != nil {
		return err
	}
	entries, err := snap.pending(upTo)
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return m.recordSync(ctx, conn, upTo)
	}
	res.Changes = len(entries)
	changed := map[string][]string{}
	seen := map[string]bool{}
	for _, e := range entries {
		if seen[e.Collection+"/"+e.RecordID] {
			continue
		}
		seen[e.Collection+"/"+e.RecordID] = true
		changed[e.Collection] = append(changed[e.Collection], e.RecordID)
	}

	var upserts, deletes []op
	for _, t := range tables {
		ids := changed[t.source]
		for from := 0; from < len(ids); from += 500 {
			chunk := ids[from:min(from+500, len(ids))]
			found := map[string]bool{}
			err := snap.rows(t, chunk, func(id string, values []any) error {
				found[id] = true
				upserts = append(upserts, op{table: t, id: id, values: values})
				return nil
			})
			if err != nil {
				return err
			}
			for _, id := range chunk {
				if !found[id] {
					deletes = append(deletes, op{table: t, id: id})
				}
			}
		}
	}
	snap.close()
	slices.Reverse(deletes)
	ops := append(upserts, deletes...)
	res.Upserted, res.Deleted = len(upserts), len(deletes)

	total := 0
	for from := 0; from < len(ops); from += m.cfg.BatchSize {
		batch := ops[from:min(from+m.cfg.BatchSize, len(ops))]
		if err := m.writeBatch(ctx, conn, batch); err != nil {
			return fmt.Errorf("mirror batch %d: %w", res.Batches+1, err)
		}
		res.Batches++
		total += len(batch)
		if progress != nil {
			if err := progress(Event{Stage: "sync", Rows: len(batch), Total: total, Batch: res.Batches}); err != nil {
				return err
			}
		}
		byCollection := map[string][]string{}
		for _, o := range batch {
			byCollection[o.table.source] = append(byCollection[o.table.source], o.id)
		}
		for collection, ids := range byCollection {
			for f := 0; f < len(ids); f += 500 {
				if err := markApplied(m.app, collection, ids[f:min(f+500, len(ids))], upTo); err != nil {
					return err
				}
			}
		}
	}
	return m.recordSync(ctx, conn, upTo)
}

// writeBatch upserts and deletes the rows in one transaction.
func (m *Mirror) writeBatch(ctx context.Context, conn *pgx.Conn, ops []op) error {
	tx, err := conn.Begin(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback(ctx) }()
	b := &pgx.Batch{}
	for _, o := range ops {
		if o.values == nil {
			b.Queue(m.q(`DELETE FROM {{s}}.`+pgx.Identifier{o.table.name}.Sanitize()+` WHERE id = $1`), o.id)
			continue
		}
		b.Queue(m.upsertSQL(o.table), o.values...)
	}
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// upsertSQL inserts a row or overwrites every column of the row with its id.
func (m *Mirror) upsertSQL(t table) string {
	names := t.names()
	quoted := make([]string, len(names))
	params := make([]string, len(names))
	var set []string
	for i, n := range names {
		quoted[i] = pgx.Identifier{n}.Sanitize()
		params[i] = "$" + strconv.Itoa(i+1)
		if n != "id" {
			set = append(set, quoted[i]+" = EXCLUDED."+quoted[i])
		}
	}
	return m.q(`INSERT INTO {{s}}.` + pgx.Identifier{t.name}.Sanitize() + ` (` + strings.Join(quoted, ", ") + `) VALUES (` +
		strings.Join(params, ", ") + `) ON CONFLICT (id) DO UPDATE SET ` + strings.Join(set, ", "))
}

// recordSync notes the run in mirror_state.
func (m *Mirror) recordSync(ctx context.Context, conn *pgx.Conn, upTo int64) error {
	tx, err := conn.Begin(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback(ctx) }()
	if err := m.setState(ctx, tx, "last_sync_seq", strconv.FormatInt(upTo, 10)); err != nil {
		return err
	}
	if err := m.setState(ctx, tx, "last_sync_at", nowText()); err != nil {
		return err
	}
	return tx.Commit(ctx)
}
