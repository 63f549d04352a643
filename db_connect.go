package main

import (
	"strconv"

	"github.com/pocketbase/dbx"
)

// sqliteCacheKiB is the page cache of each SQLite connection, in KiB.
// PocketBase's default is 32,000 KiB per connection, and its pools keep up
// to 15 idle connections to data.db and 3 to auxiliary.db, each holding on
// to what it cached: at 100,000 sessions the server's RSS climbed past
// 200 MB within two minutes of mixed load, nearly all of it SQLite's
// caches (the Go heap stayed under 10 MB; GODEBUG=gctrace=1). With 8,000
// KiB per connection it stayed under 120 MB at the same throughput (the
// soak, tests/perf/soak_test.go, `make soak`). The file itself stays in the
// operating system's page cache, so a smaller cache costs little: the hot
// pages of the indexes fit easily.
const sqliteCacheKiB = 8000

// sqliteDSNOptions are PocketBase's connection pragmas (core.DefaultDBConnect
// of v0.40.4), unchanged but for cache_size: busy timeout first, WAL,
// synchronous NORMAL, foreign keys, temporary tables in memory, and the
// defensive flag.
var sqliteDSNOptions = "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=journal_size_limit(200000000)" +
	"&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(ON)&_pragma=temp_store(MEMORY)" +
	"&_pragma=cache_size(-" + strconv.Itoa(sqliteCacheKiB) + ")&_defensive=1"

// dbConnect opens data.db and auxiliary.db for the server and the CLI.
func dbConnect(dbPath string) (*dbx.DB, error) {
	return dbx.Open("sqlite", dbPath+sqliteDSNOptions)
}
