package mirror

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/pocketbase/pocketbase/core"
)

// ErrBusy is returned when another sync or resync of the same schema is
// running (they take a PostgreSQL advisory lock).
var ErrBusy = errors.New("mirror: another sync or resync of this schema is running")

// Event reports progress: after each committed batch of Sync (before its
// entries are marked applied), after each table of Resync, after the
// report tables.
type Event struct {
	// Stage is "sync", "resync" or "reports".
	Stage string
	// Table is the PostgreSQL table (Resync) or "" (a Sync batch).
	Table string
	// Rows is how many rows the step wrote; Total is the running total.
	Rows, Total int
	// Batch is the batch number of Sync, from 1.
	Batch int
}

// Progress receives events; an error it returns stops the run there (the
// step it reports is already committed to PostgreSQL).
type Progress func(Event) error

// Mirror is an open connection pool to the mirror database of an app.
type Mirror struct {
	app  core.App
	cfg  Config
	pool *pgxpool.Pool
}

// Open prepares a pool for cfg.URL; it connects lazily, so Open succeeds
// while PostgreSQL is down and each run tries again.
func Open(app core.App, cfg Config) (*Mirror, error) {
	if !cfg.Enabled() {
		return nil, fmt.Errorf("mirror: %s is not set", EnvURL)
	}
	pc, err := pgxpool.ParseConfig(cfg.URL)
	if err != nil {
		return nil, fmt.Errorf("mirror: %s: %w", EnvURL, err)
	}
	if pc.ConnConfig.ConnectTimeout == 0 || pc.ConnConfig.ConnectTimeout > ConnectTimeout {
		pc.ConnConfig.ConnectTimeout = ConnectTimeout
	}
	pc.MaxConns = 2
	pool, err := pgxpool.NewWithConfig(context.Background(), pc)
	if err != nil {
		return nil, fmt.Errorf("mirror: %w", err)
	}
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = DefaultBatchSize
	}
	return &Mirror{app: app, cfg: cfg, pool: pool}, nil
}

// Close closes the pool.
func (m *Mirror) Close() { m.pool.Close() }

// Config is the mirror's configuration.
func (m *Mirror) Config() Config { return m.cfg }

// q qualifies a statement with the mirror's schema.
func (m *Mirror) q(sql string) string { return qualify(m.cfg.Schema, sql) }

// exclusive runs fn on one connection holding the schema's advisory lock,
// after migrating the schema; ErrBusy when another run keeps the lock
// longer than LockWait.
func (m *Mirror) exclusive(ctx context.Context, fn func(conn *pgx.Conn) error) error {
	pc, err := m.pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("mirror: connect: %w", err)
	}
	defer pc.Release()
	conn := pc.Conn()
	key := "studio-mirror:" + m.cfg.Schema
	if err := lock(ctx, conn, key); err != nil {
		return err
	}
	defer func() {
		if !conn.IsClosed() {
			_, _ = conn.Exec(context.Background(), `SELECT pg_advisory_unlock(hashtext($1))`, key)
		}
	}()
	if err := migrate(ctx, conn, m.cfg.Schema); err != nil {
		return err
	}
	return fn(conn)
}

// LockWait is how long a run waits for the schema's advisory lock (held
// by another run, or by a connection PostgreSQL is still closing) before
// giving up with ErrBusy.
const LockWait = 10 * time.Second

// lock takes the session-level advisory lock, waiting at most LockWait
// (a lock_timeout local to the transaction that takes it).
func lock(ctx context.Context, conn *pgx.Conn, key string) error {
	tx, err := conn.Begin(ctx)
	if err != nil {
		return fmt.Errorf("mirror: lock: %w", err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	if _, err := tx.Exec(ctx, fmt.Sprintf("SET LOCAL lock_timeout = '%dms'", LockWait.Milliseconds())); err != nil {
		return fmt.Errorf("mirror: lock: %w", err)
	}
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_lock(hashtext($1))`, key); err != nil {
		var pe *pgconn.PgError
		if errors.As(err, &pe) && pe.Code == "55P03" {
			return ErrBusy
		}
		return fmt.Errorf("mirror: lock: %w", err)
	}
	return tx.Commit(ctx)
}

// Migrate creates or upgrades the mirror's schema.
func (m *Mirror) Migrate(ctx context.Context) error {
	return m.exclusive(ctx, func(*pgx.Conn) error { return nil })
}

// setState records a key of mirror_state in the transaction.
func (m *Mirror) setState(ctx context.Context, tx pgx.Tx, key, value string) error {
	_, err := tx.Exec(ctx, m.q(`INSERT INTO {{s}}.mirror_state (key, value, updated_at) VALUES ($1, $2, now())
		ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`), key, value)
	if err != nil {
		return fmt.Errorf("mirror state %s: %w", key, err)
	}
	return nil
}

// Run is the scheduled job: it applies the change log (rebuilding the
// mirror first when it was never built) and rewrites the report tables.
func (m *Mirror) Run(ctx context.Context, progress Progress) error {
	if _, err := m.Sync(ctx, progress); err != nil {
		return err
	}
	return m.WriteReports(ctx, progress)
}
