// Package mirror keeps a PostgreSQL copy of the studio's business data and
// reports for BI tools (docs/rules.md §8): a versioned schema the app
// creates and migrates, a change log written in the same SQLite
// transaction as each change and applied in batches by Sync, a full
// rebuild with COPY (Resync), and report tables. It talks to PostgreSQL
// only through pgx (pgxpool, CopyFrom, batches).
package mirror

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// Environment variables that configure the mirror.
const (
	EnvURL            = "STUDIO_MIRROR_URL"
	EnvSchema         = "STUDIO_MIRROR_SCHEMA"
	EnvSchedule       = "STUDIO_MIRROR_SCHEDULE"
	EnvResyncSchedule = "STUDIO_MIRROR_RESYNC_SCHEDULE"
	EnvBatchSize      = "STUDIO_MIRROR_BATCH"
	EnvReportMonths   = "STUDIO_MIRROR_REPORT_MONTHS"
)

// Defaults of the configuration.
const (
	DefaultSchema         = "studio"
	DefaultSchedule       = "*/15 * * * *"
	DefaultResyncSchedule = "30 3 * * *"
	DefaultBatchSize      = 500
	DefaultReportMonths   = 12
	// ConnectTimeout bounds each connection attempt, so an unreachable
	// server fails a run quickly instead of holding it.
	ConnectTimeout = 5 * time.Second
)

// Config is the mirror's configuration; an empty URL disables the mirror.
type Config struct {
	// URL is the PostgreSQL connection string (postgres://...).
	URL string
	// Schema is the PostgreSQL schema the mirror owns.
	Schema string
	// Schedule is the cron expression of the sync and report job.
	Schedule string
	// ResyncSchedule is the cron expression of the nightly full rebuild
	// ("" or "off" disables it).
	ResyncSchedule string
	// BatchSize is how many rows one PostgreSQL transaction of Sync carries.
	BatchSize int
	// ReportMonths is how many whole months before the current one the
	// report tables cover (they also cover the current month and the next
	// three).
	ReportMonths int
}

// Enabled reports whether a mirror is configured.
func (c Config) Enabled() bool { return c.URL != "" }

var schemaName = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

// ConfigFromEnv reads the configuration from getenv (os.Getenv).
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	c := Config{URL: getenv(EnvURL), Schema: getenv(EnvSchema), Schedule: getenv(EnvSchedule),
		ResyncSchedule: getenv(EnvResyncSchedule), BatchSize: DefaultBatchSize, ReportMonths: DefaultReportMonths}
	if c.Schema == "" {
		c.Schema = DefaultSchema
	}
	if !schemaName.MatchString(c.Schema) {
		return c, fmt.Errorf("%s=%q: a schema name is lower-case letters, digits and _", EnvSchema, c.Schema)
	}
	if c.Schedule == "" {
		c.Schedule = DefaultSchedule
	}
	if c.ResyncSchedule == "" {
		c.ResyncSchedule = DefaultResyncSchedule
	}
	if v := getenv(EnvBatchSize); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 50000 {
			return c, fmt.Errorf("%s=%q: a number of rows between 1 and 50000", EnvBatchSize, v)
		}
		c.BatchSize = n
	}
	if v := getenv(EnvReportMonths); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 120 {
			return c, fmt.Errorf("%s=%q: a number of months between 0 and 120", EnvReportMonths, v)
		}
		c.ReportMonths = n
	}
	return c, nil
}
