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

// writeBatch upserts and deletes the rows in one transaction: each
// table's new rows are copied (COPY) into a temporary table of its shape
// and merged with one INSERT … ON CONFLICT (id) DO UPDATE, and its removed
// ids go in one DELETE; foreign keys are checked at the commit.
func (m *Mirror) writeBatch(ctx context.Context, conn *pgx.Conn, ops []op) error {
	tx, err := conn.Begin(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback(ctx) }()
	rows := map[string][][]any{}
	gone := map[string][]string{}
	byName := map[string]table{}
	var order []string
	for _, o := range ops {
		if _, ok := byName[o.table.name]; !ok {
			byName[o.table.name] = o.table
			order = append(order, o.table.name)
		}
		if o.values == nil {
			gone[o.table.name] = append(gone[o.table.name], o.id)
		} else {
			rows[o.table.name] = append(rows[o.table.name], o.values)
		}
	}
	b := &pgx.Batch{}
	for _, name := range order {
		t := byName[name]
		if len(rows[name]) > 0 {
			tmp := "mirror_incoming_" + t.name
			if _, err := tx.Exec(ctx, m.q(`CREATE TEMP TABLE IF NOT EXISTS `+pgx.Identifier{tmp}.Sanitize()+
				` (LIKE {{s}}.`+pgx.Identifier{t.name}.Sanitize()+`) ON COMMIT DELETE ROWS`)); err != nil {
				return err
			}
			if _, err := tx.CopyFrom(ctx, pgx.Identifier{tmp}, t.names(), pgx.CopyFromRows(rows[name])); err != nil {
				return fmt.Errorf("copy %s: %w", t.name, err)
			}
			b.Queue(m.mergeSQL(t, tmp))
		}
		if len(gone[name]) > 0 {
			b.Queue(m.q(`DELETE FROM {{s}}.`+pgx.Identifier{t.name}.Sanitize()+` WHERE id = ANY($1)`), gone[name])
		}
	}
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// mergeSQL inserts the rows of the temporary table, overwriting every
// column of the rows already there.
func (m *Mirror) mergeSQL(t table, tmp string) string {
	names := t.names()
	quoted := make([]string, len(names))
	var set []string
	for i, n := range names {
		quoted[i] = pgx.Identifier{n}.Sanitize()
		if n != "id" {
			set = append(set, quoted[i]+" = EXCLUDED."+quoted[i])
		}
	}
	list := strings.Join(quoted, ", ")
	return m.q(`INSERT INTO {{s}}.` + pgx.Identifier{t.name}.Sanitize() + ` (` + list + `) SELECT ` + list + ` FROM ` +
		pgx.Identifier{tmp}.Sanitize() + ` ON CONFLICT (id) DO UPDATE SET ` + strings.Join(set, ", "))
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
