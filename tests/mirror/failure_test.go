package mirror_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/studio/studio/internal/mirror"
)

// seeded builds a mirrored world, syncs it once (the first build), and
// runs steps more random operations, leaving them pending.
func seeded(t *testing.T, batch, steps int) (*env, *world) {
	t.Helper()
	e := newEnv(t, batch)
	w := newWorld(t, e, 11)
	for i := 0; i < 60; i++ {
		w.step(t)
	}
	e.sync(t)
	for i := 0; i < steps; i++ {
		w.step(t)
	}
	return e, w
}

// PostgreSQL kills the mirror's connections in the middle of a sync: the
// run fails after the batches it committed, the next run applies the
// rest, and the mirror equals the source with nothing lost or doubled.
func TestSyncSurvivesKilledConnections(t *testing.T) {
	e, _ := seeded(t, 10, 150)
	before := e.pending(t)
	killed := false
	_, err := e.m.Sync(context.Background(), func(ev mirror.Event) error {
		if ev.Batch == 2 && !killed {
			killed = true
			var n int
			if err := e.pg.QueryRow(context.Background(), `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
				WHERE datname = current_database() AND pid <> pg_backend_pid()`).Scan(&n); err != nil || n == 0 {
				t.Fatalf("terminate the mirror's connections: %d, %v", n, err)
			}
		}
		return nil
	})
	if err == nil || !killed {
		t.Fatalf("sync with its connection killed after batch 2: err %v, killed %v", err, killed)
	}
	left := e.pending(t)
	if left == 0 || left >= before {
		t.Fatalf("after the failed run %d of %d changes are pending; want the first two batches applied and the rest pending", left, before)
	}
	res := e.sync(t)
	if res.Changes != left || e.pending(t) != 0 {
		t.Fatalf("the next sync applied %d changes (want %d), %d still pending", res.Changes, left, e.pending(t))
	}
	assertMirrorEqual(t, e)
}

// A crash between a batch's PostgreSQL commit and the marking of its
// entries: the entries stay pending, the next run writes those rows again
// (upserts and deletes by id), and the mirror equals the source.
func TestCrashBetweenCommitAndMarking(t *testing.T) {
	e, _ := seeded(t, 25, 120)
	before := e.pending(t)
	crash := errors.New("crash after the commit")
	_, err := e.m.Sync(context.Background(), func(ev mirror.Event) error { return crash })
	if !errors.Is(err, crash) {
		t.Fatalf("sync: %v, want the crash", err)
	}
	if n := e.pending(t); n != before {
		t.Fatalf("%d pending after the crash, want all %d (none marked)", n, before)
	}
	res := e.sync(t)
	if res.Changes != before || e.pending(t) != 0 {
		t.Fatalf("the next sync applied %d of %d changes, %d pending", res.Changes, before, e.pending(t))
	}
	assertMirrorEqual(t, e)
}

// With PostgreSQL unreachable the app works as usual (writes do not wait
// on it) and the sync fails quickly; once it is back the next sync
// catches up.
func TestUnreachablePostgresDelaysOnlyTheMirror(t *testing.T) {
	e, w := seeded(t, 50, 0)
	cfg, err := mirror.ConfigFromEnv(os.Getenv)
	if err != nil {
		t.Fatal(err)
	}
	cfg.URL = "postgres://postgres@127.0.0.1:1/studio_nowhere?connect_timeout=2"
	down, err := mirror.Open(e.app, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer down.Close()

	start := time.Now()
	for i := 0; i < 80; i++ {
		w.step(t)
	}
	writes := time.Since(start)
	pending := e.pending(t)
	if pending == 0 {
		t.Fatal("the operations logged no change")
	}
	start = time.Now()
	if _, err := down.Sync(context.Background(), nil); err == nil {
		t.Fatal("sync against an unreachable server succeeded")
	}
	if d := time.Since(start); d > 2*mirror.ConnectTimeout {
		t.Fatalf("the failing sync took %s", d)
	}
	st, err := down.Status(context.Background())
	if err != nil || st.Reachable || st.Backlog.Pending != pending || !strings.Contains(st.Error, "connect") {
		t.Fatalf("status while down: %+v, %v", st, err)
	}
	if e.pending(t) != pending {
		t.Fatal("a failed sync changed the log")
	}
	t.Logf("80 API operations with the mirror down took %s; %d changes waited", writes, pending)
	res := e.sync(t)
	if res.Changes != pending {
		t.Fatalf("catch-up applied %d of %d changes", res.Changes, pending)
	}
	assertMirrorEqual(t, e)
}

// Resync rebuilds the mirror with COPY from scratch, equal to the source;
// migrating again changes nothing; later changes still sync.
func TestResyncAndIdempotentSchema(t *testing.T) {
	e, w := seeded(t, 50, 100)
	if _, err := e.pg.Exec(context.Background(), `DELETE FROM studio.sessions`); err != nil {
		t.Fatal(err)
	}
	derived := func() string {
		var n string
		if err := e.pg.QueryRow(context.Background(), `SELECT (SELECT count(*) FROM pg_indexes WHERE schemaname = 'studio') || ' indexes, ' ||
			(SELECT count(*) FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = 'studio' AND c.contype = 'f') || ' foreign keys'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := derived()
	var tables []string
	res, err := e.m.Resync(context.Background(), func(ev mirror.Event) error {
		tables = append(tables, ev.Table)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(tables) != 13 || tables[0] != "settings" || tables[12] != "status_history" {
		t.Fatalf("progress reported tables %v", tables)
	}
	if e.pending(t) != 0 || res.Rows["sessions"] == 0 {
		t.Fatalf("after resync: %d pending, %v rows", e.pending(t), res.Rows)
	}
	assertMirrorEqual(t, e)
	if after := derived(); after != before || !strings.HasSuffix(before, " 10 foreign keys") {
		t.Fatalf("resync left %s, there were %s", after, before)
	}
	for i := 0; i < 2; i++ {
		if err := e.m.Migrate(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	var versions int
	if err := e.pg.QueryRow(context.Background(), `SELECT count(*) FROM studio.schema_version`).Scan(&versions); err != nil || versions != 1 {
		t.Fatalf("schema_version rows %d, %v", versions, err)
	}
	for i := 0; i < 50; i++ {
		w.step(t)
	}
	e.sync(t)
	assertMirrorEqual(t, e)
}

// The comparison itself notices a payment one cent off.
func TestComparisonNoticesOneCent(t *testing.T) {
	e, _ := seeded(t, 50, 0)
	e.sync(t)
	if _, err := e.pg.Exec(context.Background(), `UPDATE studio.sessions SET total = total + 0.01 WHERE id = (SELECT min(id) FROM studio.sessions)`); err != nil {
		t.Fatal(err)
	}
	cols := mirrored[8].cols
	if mirrored[8].pg != "sessions" {
		t.Fatal("the sessions spec moved")
	}
	src, dst := sqliteRows(t, e, "sessions", cols), pgRows(t, e, "sessions", cols)
	if strings.Join(src, "\n") == strings.Join(dst, "\n") {
		t.Fatal("a total one cent off went unnoticed")
	}
}

// A run never interleaves with another of the same schema: while another
// session holds the mirror's advisory lock, Sync waits mirror.LockWait,
// then answers ErrBusy having changed nothing.
func TestRunsDoNotInterleave(t *testing.T) {
	e, _ := seeded(t, 50, 40)
	before := e.pending(t)
	if _, err := e.pg.Exec(context.Background(), `SELECT pg_advisory_lock(hashtext('studio-mirror:studio'))`); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err := e.m.Sync(context.Background(), nil)
	if !errors.Is(err, mirror.ErrBusy) {
		t.Fatalf("sync while another run holds the lock: %v, want ErrBusy", err)
	}
	if waited := time.Since(start); waited < mirror.LockWait {
		t.Fatalf("gave up after %s, before the %s wait", waited, mirror.LockWait)
	}
	if e.pending(t) != before {
		t.Fatal("a refused run changed the log")
	}
	if _, err := e.pg.Exec(context.Background(), `SELECT pg_advisory_unlock(hashtext('studio-mirror:studio'))`); err != nil {
		t.Fatal(err)
	}
	if res := e.sync(t); res.Changes != before {
		t.Fatalf("after the lock was released the sync applied %d of %d changes", res.Changes, before)
	}
	assertMirrorEqual(t, e)
}
