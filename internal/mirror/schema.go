package mirror

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
)

// schemaVersions are the mirror's schema migrations, in order; version N
// is schemaVersions[N-1]. A change is a new entry, never an edit.
var schemaVersions = []string{schemaV1}

// SchemaVersion is the version Migrate brings a mirror to.
func SchemaVersion() int { return len(schemaVersions) }

// qualify replaces the {{s}} placeholder by the quoted schema name.
func qualify(schema, sql string) string {
	return strings.ReplaceAll(sql, "{{s}}", pgx.Identifier{schema}.Sanitize())
}

// migrate creates the schema when missing and applies the versions it
// lacks, each in the transaction that records it; a transaction-scoped
// advisory lock keeps two migrating processes apart. Running it again
// changes nothing.
func migrate(ctx context.Context, conn *pgx.Conn, schema string) error {
	tx, err := conn.Begin(ctx)
	if err != nil {
		return fmt.Errorf("mirror schema: %w", err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext($1))`, "studio-mirror-migrate:"+schema); err != nil {
		return fmt.Errorf("mirror schema lock: %w", err)
	}
	if _, err := tx.Exec(ctx, qualify(schema, `CREATE SCHEMA IF NOT EXISTS {{s}};
		CREATE TABLE IF NOT EXISTS {{s}}.schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`)); err != nil {
		return fmt.Errorf("mirror schema %s: %w", schema, err)
	}
	var current int
	if err := tx.QueryRow(ctx, qualify(schema, `SELECT COALESCE(max(version), 0) FROM {{s}}.schema_version`)).Scan(&current); err != nil {
		return fmt.Errorf("mirror schema version: %w", err)
	}
	if current > len(schemaVersions) {
		return fmt.Errorf("mirror schema %s is at version %d, newer than this binary's %d", schema, current, len(schemaVersions))
	}
	for v := current + 1; v <= len(schemaVersions); v++ {
		if _, err := tx.Exec(ctx, qualify(schema, schemaVersions[v-1])); err != nil {
			return fmt.Errorf("mirror schema version %d: %w", v, err)
		}
		if _, err := tx.Exec(ctx, qualify(schema, `INSERT INTO {{s}}.schema_version (version) VALUES ($1)`), v); err != nil {
			return fmt.Errorf("mirror schema version %d: %w", v, err)
		}
	}
	return tx.Commit(ctx)
}
