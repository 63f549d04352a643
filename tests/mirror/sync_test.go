package mirror_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	ta "github.com/studio/studio/internal/testapp"
)

// Random operations through the API (sessions created, edited, deleted;
// lines added and removed; transitions with deposits; cancellations with
// refunds; payments; assignments; client edits), then sync: the mirror
// equals SQLite row by row and column by column, money to the cent; the
// report tables equal the API's reports.
func TestMirrorEqualsSourceAfterRandomOperations(t *testing.T) {
	e := newEnv(t, 40)
	w := newWorld(t, e, 7)

	first := e.sync(t)
	if !first.Resynced {
		t.Fatalf("the first sync of an empty mirror should build it from scratch: %+v", first)
	}
	assertMirrorEqual(t, e)

	for round := 1; round <= 2; round++ {
		for i := 0; i < 200; i++ {
			w.step(t)
		}
		before := e.pending(t)
		res := e.sync(t)
		if res.Resynced || res.Changes != before || res.Batches < 2 {
			t.Fatalf("round %d: sync %+v, want the %d pending changes applied incrementally in several batches", round, res, before)
		}
		if n := e.pending(t); n != 0 {
			t.Fatalf("round %d: %d changes still pending after sync", round, n)
		}
		rows := assertMirrorEqual(t, e)
		t.Logf("round %d: %d changes applied in %d batches, %d rows equal; operations accepted: %v", round, res.Changes, res.Batches, rows, w.done)
	}
	for _, op := range []string{"create session", "add line", "transition", "cancel", "payment", "edit session", "assign", "delete line", "delete session", "edit client"} {
		if w.done[op] == 0 {
			t.Errorf("the random run never completed %q; the comparison did not cover it", op)
		}
	}
	var refunds int
	if err := e.pg.QueryRow(context.Background(), `SELECT count(*) FROM studio.payments WHERE payment_type = 'Refund'`).Scan(&refunds); err != nil || refunds == 0 {
		t.Errorf("no refund reached the mirror (%d, %v)", refunds, err)
	}

	assertNoSecrets(t, e)
	if err := e.m.WriteReports(context.Background(), nil); err != nil {
		t.Fatalf("write reports: %v", err)
	}
	assertReportsEqual(t, e, w)
}

// The mirror holds no secret: no password hash, token key or calendar
// token of users, and no private notes of clients.
func assertNoSecrets(t *testing.T, e *env) {
	t.Helper()
	rows, err := e.pg.Query(context.Background(), `SELECT table_name || '.' || column_name FROM information_schema.columns
		WHERE table_schema = 'studio' AND (table_name, column_name) IN
		(('users', 'password'), ('users', 'tokenKey'), ('users', 'calendar_token'), ('clients', 'notes'))`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var c string
		_ = rows.Scan(&c)
		t.Errorf("the mirror has the secret column %s", c)
	}
}

// pgLines reads a query's rows as sorted lines of text.
func pgLines(t *testing.T, e *env, q string) []string {
	t.Helper()
	rows, err := e.pg.Query(context.Background(), q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			t.Fatal(err)
		}
		parts := make([]string, len(vals))
		for i, v := range vals {
			parts[i] = fmt.Sprint(v)
		}
		out = append(out, strings.Join(parts, " "))
	}
	sort.Strings(out)
	return out
}

func sameLines(t *testing.T, what string, got, want []string) {
	t.Helper()
	sort.Strings(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s: mirror\n%s\nAPI\n%s", what, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// assertReportsEqual compares the report tables with the API's answers
// for the range the tables cover.
func assertReportsEqual(t *testing.T, e *env, w *world) {
	t.Helper()
	var from, to string
	if err := e.pg.QueryRow(context.Background(), `SELECT range_from::text, range_to::text FROM studio.report_meta`).Scan(&from, &to); err != nil {
		t.Fatal(err)
	}
	get := func(report string) map[string]any {
		r := ta.Do(t, "GET", w.base+"/api/studio/reports/"+report+"?from="+from+"&to="+to, w.admin, nil)
		if r.Status != 200 {
			t.Fatalf("%s: %d %s", report, r.Status, r.Raw)
		}
		return r.Body
	}
	list := func(v any) []map[string]any {
		var out []map[string]any
		for _, x := range v.([]any) {
			out = append(out, x.(map[string]any))
		}
		return out
	}
	str := func(v any) string {
		if v == nil {
			return "<nil>"
		}
		if f, ok := v.(float64); ok {
			return fmt.Sprint(int(f))
		}
		return fmt.Sprint(v)
	}

	fin := get("financial")
	var want []string
	for _, m := range list(fin["by_month"]) {
		want = append(want, strings.Join([]string{str(m["month"]), str(m["deposits"]), str(m["balances"]), str(m["refunds"]), str(m["net"])}, " "))
	}
	sameLines(t, "financial by month", pgLines(t, e, `SELECT month, deposits::text, balances::text, refunds::text, net::text FROM studio.report_financial_by_month`), want)
	out := fin["outstanding"].(map[string]any)
	want = nil
	for _, o := range list(out["sessions"]) {
		want = append(want, str(o["session_id"])+" "+str(o["total"])+" "+str(o["net_paid"])+" "+str(o["outstanding"]))
	}
	sameLines(t, "outstanding", pgLines(t, e, `SELECT session_id, total::text, net_paid::text, outstanding::text FROM studio.report_outstanding`), want)
	exp := fin["expected_revenue"].(map[string]any)
	totals := fin["totals"].(map[string]any)
	sameLines(t, "financial figures", pgLines(t, e, `SELECT figure, value::text FROM studio.report_figures WHERE report = 'financial'`), []string{
		"balances " + str(totals["balances"]), "deposits " + str(totals["deposits"]), "refunds " + str(totals["refunds"]), "net " + str(totals["net"]),
		"outstanding_total " + str(out["total"]), "expected_revenue_total " + str(exp["total"]), "expected_revenue_sessions " + str(exp["sessions"]) + ".00",
	})

	ses := get("sessions")
	want = nil
	for _, c := range list(ses["by_status"]) {
		want = append(want, str(c["key"])+" "+str(c["sessions"]))
	}
	sameLines(t, "sessions by status", pgLines(t, e, `SELECT status, sessions FROM studio.report_sessions_by_status`), want)
	want = nil
	for _, c := range list(ses["by_month"]) {
		want = append(want, str(c["month"])+" "+str(c["sessions"])+" "+str(c["canceled"]))
	}
	sameLines(t, "sessions by month", pgLines(t, e, `SELECT month, sessions, canceled FROM studio.report_sessions_by_month`), want)
	canc := ses["cancellation"].(map[string]any)
	want = nil
	for _, c := range list(canc["by_client"]) {
		want = append(want, str(c["client_id"])+" "+str(c["sessions"])+" "+str(c["canceled"])+" "+str(c["rate"]))
	}
	sameLines(t, "cancellations by client", pgLines(t, e, `SELECT client_id, sessions, canceled, COALESCE(rate::text, '<nil>') FROM studio.report_cancellations_by_client`), want)
	conv := ses["conversion"].(map[string]any)
	sameLines(t, "conversion", pgLines(t, e, `SELECT figure, value::text FROM studio.report_figures WHERE figure LIKE 'conversion%'`), []string{
		"conversion_created " + str(conv["created"]) + ".00", "conversion_confirmed " + str(conv["confirmed"]) + ".00", "conversion_rate " + str(conv["rate"]),
	})

	perf := get("performance")
	want = nil
	for _, p := range list(perf["photographers"]) {
		want = append(want, str(p["user_id"])+" "+str(p["sessions"])+" "+str(p["covered_hours"]))
	}
	sameLines(t, "photographers", pgLines(t, e, `SELECT user_id, sessions, covered_hours::text FROM studio.report_photographers`), want)

	// The views answer the same questions over the whole mirror; every
	// payment of this run lies inside the report range.
	var net, owed string
	if err := e.pg.QueryRow(context.Background(), `SELECT COALESCE(sum(net), 0)::numeric(14,2)::text FROM studio.v_financial_by_month`).Scan(&net); err != nil {
		t.Fatal(err)
	}
	if err := e.pg.QueryRow(context.Background(), `SELECT COALESCE(sum(outstanding), 0)::numeric(14,2)::text FROM studio.v_outstanding_balances`).Scan(&owed); err != nil {
		t.Fatal(err)
	}
	if net != str(totals["net"]) || owed != str(out["total"]) {
		t.Errorf("views: net %s and outstanding %s, the API says %v and %v", net, owed, totals["net"], out["total"])
	}
}
