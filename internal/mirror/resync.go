package mirror

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// ResyncResult tells what a Resync copied.
type ResyncResult struct {
	// Rows is the number of rows copied per PostgreSQL table.
	Rows map[string]int
	// UpTo is the last change log entry the copy includes.
	UpTo int64
}

// Resync rebuilds the mirror from scratch: in one PostgreSQL transaction
// it empties every mirrored table and copies each from one SQLite read
// snapshot with COPY, then marks every log entry that snapshot saw
// applied. Secondary indexes and foreign keys are dropped for the copy
// and rebuilt before the commit. Readers of the mirror wait for the
// commit (TRUNCATE locks the tables) and then see the new rows.
func (m *Mirror) Resync(ctx context.Context, progress Progress) (ResyncResult, error) {
	var res ResyncResult
	err := m.exclusive(ctx, func(conn *pgx.Conn) error {
		var err error
		res, err = m.resync(ctx, conn, progress)
		return err
	})
	return res, err
}

func (m *Mirror) resync(ctx context.Context, conn *pgx.Conn, progress Progress) (ResyncResult, error) {
	res := ResyncResult{Rows: map[string]int{}}
	snap, err := openSnapshot(m.app)
	if err != nil {
		return res, err
	}
	defer snap.close()
	if res.UpTo, err = snap.lastSeq(); err != nil {
		return res, err
	}
	tx, err := conn.Begin(ctx)
	if err != nil {
		return res, fmt.Errorf("mirror resync: %w", err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	names := make([]string, len(tables))
	for i, t := range tables {
		names[i] = "{{s}}." + pgx.Identifier{t.name}.Sanitize()
	}
	if _, err := tx.Exec(ctx, m.q(`TRUNCATE `+strings.Join(names, ", "))); err != nil {
		return res, fmt.Errorf("mirror resync: %w", err)
	}
	rebuild, err := m.dropDerived(ctx, tx)
	if err != nil {
		return res, err
	}
	total := 0
	for _, t := range tables {
		src := &copySource{snap: snap, table: t}
		n, err := tx.CopyFrom(ctx, pgx.Identifier{m.cfg.Schema, t.name}, t.names(), src)
		src.stop()
		if err == nil {
			err = src.err
		}
		if err != nil {
			return res, fmt.Errorf("mirror resync %s: %w", t.name, err)
		}
		res.Rows[t.name] = int(n)
		total += int(n)
		if progress != nil {
			if err := progress(Event{Stage: "resync", Table: t.name, Rows: int(n), Total: total}); err != nil {
				return res, err
			}
		}
	}
	for _, stmt := range rebuild {
		if _, err := tx.Exec(ctx, stmt); err != nil {
			return res, fmt.Errorf("mirror resync: %s: %w", stmt, err)
		}
	}
	if err := m.setState(ctx, tx, "baseline_seq", strconv.FormatInt(res.UpTo, 10)); err != nil {
		return res, err
	}
	if err := m.setState(ctx, tx, "last_resync_at", nowText()); err != nil {
		return res, err
	}
	if err := m.setState(ctx, tx, "last_sync_seq", strconv.FormatInt(res.UpTo, 10)); err != nil {
		return res, err
	}
	if err := m.setState(ctx, tx, "last_sync_at", nowText()); err != nil {
		return res, err
	}
	if err := tx.Commit(ctx); err != nil {
		return res, fmt.Errorf("mirror resync: %w", err)
	}
	snap.close()
	return res, markAllApplied(m.app, res.UpTo)
}

// dropDerived drops the secondary indexes and the foreign keys of the
// mirrored tables inside the resync's transaction and returns the
// statements that recreate them: building an index once and checking a
// foreign key with one join after the copy is much cheaper than keeping
// them row by row. Primary keys stay.
func (m *Mirror) dropDerived(ctx context.Context, tx pgx.Tx) ([]string, error) {
	names := make([]string, len(tables))
	for i, t := range tables {
		names[i] = t.name
	}
	var drops, indexes, keys []string
	rows, err := tx.Query(ctx, `SELECT format('ALTER TABLE %I.%I ADD CONSTRAINT %I %s', n.nspname, r.relname, c.conname, pg_get_constraintdef(c.oid)),
			format('ALTER TABLE %I.%I DROP CONSTRAINT %I', n.nspname, r.relname, c.conname)
		FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid JOIN pg_namespace n ON n.oid = r.relnamespace
		WHERE c.contype = 'f' AND n.nspname = $1 AND r.relname = ANY($2) ORDER BY 1`, m.cfg.Schema, names)
	if err != nil {
		return nil, fmt.Errorf("mirror resync: foreign keys: %w", err)
	}
	for rows.Next() {
		var add, drop string
		if err := rows.Scan(&add, &drop); err != nil {
			rows.Close()
			return nil, err
		}
		keys, drops = append(keys, add), append(drops, drop)
	}
	rows.Close()
	rows, err = tx.Query(ctx, `SELECT i.indexdef, format('DROP INDEX %I.%I', i.schemaname, i.indexname)
		FROM pg_indexes i
		WHERE i.schemaname = $1 AND i.tablename = ANY($2) AND NOT EXISTS (
			SELECT 1 FROM pg_constraint c JOIN pg_class x ON x.oid = c.conindid JOIN pg_namespace n ON n.oid = x.relnamespace
			WHERE n.nspname = i.schemaname AND x.relname = i.indexname)
		ORDER BY 1`, m.cfg.Schema, names)
	if err != nil {
		return nil, fmt.Errorf("mirror resync: indexes: %w", err)
	}
	for rows.Next() {
		var create, drop string
		if err := rows.Scan(&create, &drop); err != nil {
			rows.Close()
			return nil, err
		}
		indexes, drops = append(indexes, create), append(drops, drop)
	}
	rows.Close()
	for _, d := range drops {
		if _, err := tx.Exec(ctx, d); err != nil {
			return nil, fmt.Errorf("mirror resync: %s: %w", d, err)
		}
	}
	return append(indexes, keys...), nil
}

func nowText() string { return time.Now().UTC().Format(time.RFC3339) }

// copySource streams a table's rows from the snapshot into CopyFrom.
type copySource struct {
	snap   *snapshot
	table  table
	rows   chan []any
	done   chan struct{}
	cur    []any
	err    error
	closed bool
}

// Next implements pgx.CopyFromSource, starting the read on first use.
func (s *copySource) Next() bool {
	if s.rows == nil {
		s.rows = make(chan []any, 256)
		s.done = make(chan struct{})
		go func() {
			defer close(s.rows)
			err := s.snap.rows(s.table, nil, func(_ string, values []any) error {
				select {
				case s.rows <- values:
					return nil
				case <-s.done:
					return errStopped
				}
			})
			if err != nil && err != errStopped {
				s.err = err
			}
		}()
	}
	v, ok := <-s.rows
	if !ok {
		return false
	}
	s.cur = v
	return true
}

// Values implements pgx.CopyFromSource.
func (s *copySource) Values() ([]any, error) { return s.cur, nil }

// Err implements pgx.CopyFromSource; pgx asks it once Next is false,
// when the reader has finished.
func (s *copySource) Err() error { return s.err }

// stop ends the reader when the copy stopped early, and waits for it.
func (s *copySource) stop() {
	if s.rows != nil && !s.closed {
		s.closed = true
		close(s.done)
		for range s.rows {
		}
	}
}

var errStopped = fmt.Errorf("mirror: copy stopped")
