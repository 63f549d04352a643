package schedule

import (
	"maps"
	"sync"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// PocketBase prepares every statement anew and finalizes it after use;
// for the availability answer's statements that preparation (SQLite's
// parser and the placeholder rewriting) was about a sixth of the call. So,
// outside a transaction, those statements run from prepared queries kept
// per app on its read pool: a few free copies of each (a prepared
// dbx.Query is not safe for concurrent use, its *sql.Stmt is), closed
// when more are returned than kept, and dropped with their pool if the
// app's database is reopened.

// preparedKey is where an app keeps its preparedQueries in app.Store().
const preparedKey = "studio.schedule.prepared"

// keptPerQuery bounds the free prepared copies of one statement.
const keptPerQuery = 4

type preparedQueries struct {
	mu   sync.Mutex
	db   dbx.Builder
	free map[string][]*dbx.Query
}

// runPrepared runs run on a query of sql bound to params: a prepared one
// from the app's read pool outside a transaction, a plain app.DB() query
// inside one. dbx's Bind keeps the first map a query is given and writes
// later parameters into it, so each query is given its own copy: a map
// shared by two pooled queries would be written by two goroutines.
func runPrepared(app core.App, sql string, params dbx.Params, run func(q *dbx.Query) error) error {
	if app.IsTransactional() {
		return run(app.DB().NewQuery(sql).Bind(params))
	}
	db := app.ConcurrentDB()
	p := app.Store().GetOrSet(preparedKey, func() any { return &preparedQueries{} }).(*preparedQueries)
	p.mu.Lock()
	if p.db != db {
		p.db, p.free = db, map[string][]*dbx.Query{}
	}
	var q *dbx.Query
	if free := p.free[sql]; len(free) > 0 {
		q, p.free[sql] = free[len(free)-1], free[:len(free)-1]
	}
	p.mu.Unlock()
	if q == nil {
		q = db.NewQuery(sql).Prepare()
		if q.LastError != nil {
			return q.LastError
		}
	}
	if err := run(q.Bind(maps.Clone(params))); err != nil {
		_ = q.Close()
		return err
	}
	p.mu.Lock()
	keep := p.db == db && len(p.free[sql]) < keptPerQuery
	if keep {
		p.free[sql] = append(p.free[sql], q)
	}
	p.mu.Unlock()
	if !keep {
		return q.Close()
	}
	return nil
}
