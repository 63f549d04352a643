package mirror_test

import (
	"testing"
	"time"

	"github.com/studio/studio/internal/mirror"
	ta "github.com/studio/studio/internal/testapp"
)

// logged lists the change log entries after seq as "collection op".
func logged(t *testing.T, e *env, after int) []string {
	t.Helper()
	var rows []struct {
		Collection string `db:"collection"`
		Op         string `db:"op"`
	}
	if err := e.app.DB().NewQuery(`SELECT collection, op FROM mirror_changes WHERE seq > {:s} ORDER BY seq`).
		Bind(map[string]any{"s": after}).All(&rows); err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.Collection + " " + r.Op
	}
	return out
}

func lastSeq(t *testing.T, e *env) int {
	t.Helper()
	var n int
	if err := e.app.DB().NewQuery(`SELECT COALESCE(MAX(seq), 0) FROM mirror_changes`).Row(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// The change log shares the business transaction: a refused operation
// logs nothing, an accepted one logs each record it wrote, a delete
// logs the cascade.
func TestChangeLogFollowsTheTransaction(t *testing.T) {
	e := newEnv(t, 50)
	w := newWorld(t, e, 3)
	start := w.now.Add(20 * 24 * time.Hour)
	r := w.do(t, "POST", "/api/collections/sessions/records", w.coord, map[string]any{"client": w.clients[0].Id,
		"session_type": "Studio", "starts_at": start, "ends_at": start.Add(2 * time.Hour)})
	if r.Status != 200 {
		t.Fatalf("create: %d %s", r.Status, r.Raw)
	}
	id := r.Body["id"].(string)
	w.ok("add line", w.do(t, "POST", "/api/studio/sessions/"+id+"/lines", w.coord, map[string]any{"item": w.items[0].Id, "quantity": 2}))

	seq := lastSeq(t, e)
	if r := w.do(t, "POST", "/api/studio/sessions/"+id+"/transitions", w.coord, map[string]any{"to": "Confirmed"}); r.Status == 200 {
		t.Fatalf("a Request session was confirmed: %s", r.Raw)
	}
	if got := logged(t, e, seq); len(got) != 0 {
		t.Fatalf("a refused transition logged %v", got)
	}

	if r := w.do(t, "POST", "/api/studio/sessions/"+id+"/transitions", w.coord, map[string]any{"to": "Negotiation"}); r.Status != 200 {
		t.Fatalf("negotiation: %d %s", r.Status, r.Raw)
	}
	got := logged(t, e, seq)
	want := map[string]bool{"sessions upsert": false, "session_status_history upsert": false}
	for _, g := range got {
		if _, ok := want[g]; ok {
			want[g] = true
		}
	}
	for k, seen := range want {
		if !seen {
			t.Errorf("the transition did not log %q: %v", k, got)
		}
	}

	seq = lastSeq(t, e)
	if r := w.do(t, "DELETE", "/api/collections/sessions/records/"+id, w.admin, nil); r.Status != 204 {
		t.Fatalf("delete: %d %s", r.Status, r.Raw)
	}
	deleted := map[string]int{}
	for _, g := range logged(t, e, seq) {
		deleted[g]++
	}
	if deleted["sessions delete"] != 1 || deleted["session_lines delete"] != 1 || deleted["session_status_history delete"] != 1 {
		t.Fatalf("deleting the session logged %v; want the session, its line and its history entry", deleted)
	}
}

// Without STUDIO_MIRROR_URL the app logs nothing (a mirror enabled later
// is built by its first sync or `studio mirror resync`).
func TestNoLogWithoutMirror(t *testing.T) {
	t.Setenv(mirror.EnvURL, "")
	app := ta.New(t)
	ta.Session(t, app, ta.Client(t, app, nil), nil)
	var n int
	if err := app.DB().NewQuery(`SELECT COUNT(*) FROM mirror_changes`).Row(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("%d change log entries without a mirror", n)
	}
}
