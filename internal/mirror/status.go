package mirror

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"
)

// Status describes the mirror: its PostgreSQL side (when reachable) and
// the change log waiting in SQLite.
type Status struct {
	Schema string
	// Reachable is false when PostgreSQL could not be read; Error says why.
	Reachable bool
	Error     string
	// SchemaVersion is the mirror schema's version (0: never created).
	SchemaVersion int
	// State is mirror_state: baseline_seq, last_sync_seq, last_sync_at,
	// last_resync_at.
	State map[string]string
	// ReportsAt is when the report tables were last written (zero: never).
	ReportsAt time.Time
	// Backlog is the pending change log; Lag is the age of its oldest entry.
	Backlog Backlog
	Lag     time.Duration
}

// Status reads the mirror's state; an unreachable PostgreSQL is a status,
// not an error.
func (m *Mirror) Status(ctx context.Context) (Status, error) {
	st := Status{Schema: m.cfg.Schema, State: map[string]string{}}
	b, err := ReadBacklog(m.app)
	if err != nil {
		return st, err
	}
	st.Backlog = b
	if !b.Oldest.IsZero() {
		st.Lag = time.Since(b.Oldest).Round(time.Second)
	}
	if err := m.readState(ctx, &st); err != nil {
		st.Error = err.Error()
		return st, nil
	}
	st.Reachable = true
	return st, nil
}

func (m *Mirror) readState(ctx context.Context, st *Status) error {
	var exists bool
	if err := m.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'schema_version')`,
		m.cfg.Schema).Scan(&exists); err != nil {
		return err
	}
	if !exists {
		return nil
	}
	if err := m.pool.QueryRow(ctx, m.q(`SELECT COALESCE(max(version), 0) FROM {{s}}.schema_version`)).Scan(&st.SchemaVersion); err != nil {
		return err
	}
	if st.SchemaVersion == 0 {
		return nil
	}
	rows, err := m.pool.Query(ctx, m.q(`SELECT key, value FROM {{s}}.mirror_state`))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return err
		}
		st.State[k] = v
	}
	if err := rows.Err(); err != nil {
		return err
	}
	var at *time.Time
	if err := m.pool.QueryRow(ctx, m.q(`SELECT (SELECT generated_at FROM {{s}}.report_meta WHERE id = 1)`)).Scan(&at); err != nil {
		return err
	}
	if at != nil {
		st.ReportsAt = *at
	}
	return nil
}

// Print writes the status for people.
func (st Status) Print(w io.Writer) error {
	lines := []string{fmt.Sprintf("schema:          %s", st.Schema)}
	if !st.Reachable {
		lines = append(lines, fmt.Sprintf("postgresql:      unreachable (%s)", st.Error))
	} else {
		reports := "never"
		if !st.ReportsAt.IsZero() {
			reports = st.ReportsAt.UTC().Format(time.RFC3339)
		}
		lines = append(lines,
			fmt.Sprintf("schema version:  %d (this binary: %d)", st.SchemaVersion, SchemaVersion()),
			fmt.Sprintf("last sync:       %s (log entry %s)", orNever(st.State["last_sync_at"]), orNever(st.State["last_sync_seq"])),
			fmt.Sprintf("last resync:     %s", orNever(st.State["last_resync_at"])),
			fmt.Sprintf("reports written: %s", reports))
	}
	lines = append(lines, fmt.Sprintf("pending changes: %d", st.Backlog.Pending))
	if st.Backlog.Pending > 0 {
		lines = append(lines, fmt.Sprintf("lag:             %s (oldest pending change %s)", st.Lag, st.Backlog.Oldest.UTC().Format(time.RFC3339)))
	} else {
		lines = append(lines, "lag:             none")
	}
	_, err := io.WriteString(w, strings.Join(lines, "\n")+"\n")
	return err
}

func orNever(s string) string {
	if s == "" {
		return "never"
	}
	return s
}
