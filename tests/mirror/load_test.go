package mirror_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/shopspring/decimal"

	"github.com/studio/studio/internal/mirror"
	"github.com/studio/studio/internal/rbac"
	ta "github.com/studio/studio/internal/testapp"
)

// The load figures of docs/mirror.md: a resync of 100,000 sessions with
// two lines, one or two payments and one or two assignments each, and an
// incremental sync of 1,000 changes, each printed with its ratio to a
// bare pgx COPY of the same rows (into tables without keys, foreign keys
// or indexes) in the same run. Targets: under 10 s and under 1 s. It runs
// only with STUDIO_LOAD=1.
const loadSessions = 100_000

func TestMirrorLoad(t *testing.T) {
	if os.Getenv("STUDIO_LOAD") != "1" {
		t.Skip("set STUDIO_LOAD=1 to seed 100,000 sessions and measure the mirror (docs/mirror.md)")
	}
	e := newEnv(t, mirror.DefaultBatchSize)
	app := e.app
	client := ta.Client(t, app, nil)
	var rooms, photographers []*core.Record
	for i := 0; i < 6; i++ {
		rooms = append(rooms, ta.Room(t, app, nil))
	}
	for i := 0; i < 20; i++ {
		photographers = append(photographers, ta.User(t, app, "lp", rbac.RolePhotographer))
	}
	seedStart := time.Now()
	seedLoad(t, app, client, rooms, photographers)
	t.Logf("seeded SQLite in %s", time.Since(seedStart).Round(time.Millisecond))

	start := time.Now()
	res, err := e.m.Resync(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	resync := time.Since(start)
	total := 0
	for _, n := range res.Rows {
		total += n
	}

	read, bare := bareCopy(t, e, nil)
	t.Logf("resync: %d rows (%d sessions, %d lines, %d payments, %d assignments) in %s; bare pgx COPY of the same rows %s (after %s reading them); ratio %.2f",
		total, res.Rows["sessions"], res.Rows["session_lines"], res.Rows["payments"], res.Rows["assignments"],
		resync.Round(time.Millisecond), bare.Round(time.Millisecond), read.Round(time.Millisecond), resync.Seconds()/bare.Seconds())

	changed := changeLoad(t, app)
	start = time.Now()
	sres, err := e.m.Sync(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	inc := time.Since(start)
	_, bare = bareCopy(t, e, changed)
	t.Logf("incremental sync: %d changes (%d rows written, %d removed) in %d batches, %s; bare pgx COPY of the same rows %s; ratio %.2f",
		sres.Changes, sres.Upserted, sres.Deleted, sres.Batches, inc.Round(time.Millisecond), bare.Round(time.Millisecond), inc.Seconds()/bare.Seconds())
	if sres.Changes != 1000 {
		t.Fatalf("the sync applied %d changes, want 1000", sres.Changes)
	}
	start = time.Now()
	n := assertMirrorEqual(t, e)
	t.Logf("compared %d rows in %s", n, time.Since(start).Round(time.Millisecond))
}

// seedLoad writes the sessions, assignments, lines and payments straight
// into SQLite (no hooks, hence no change log: the resync copies them).
func seedLoad(t *testing.T, app core.App, client *core.Record, rooms, photographers []*core.Record) {
	t.Helper()
	loc, _ := time.LoadLocation("America/Guatemala")
	base := time.Date(2022, 1, 3, 9, 0, 0, 0, loc)
	statuses := []string{"Completed", "Completed", "Completed", "Ready for Delivery", "In Editing", "Attended", "Assigned", "Confirmed", "Canceled", "Request"}
	sessions := make([]ta.BulkSession, 0, loadSessions)
	var assignments []ta.BulkAssignment
	for i := 0; i < loadSessions; i++ {
		day, lane := i/60, i%60
		start := base.AddDate(0, 0, day).Add(time.Duration(lane%5) * 2 * time.Hour)
		s := ta.BulkSession{ID: fmt.Sprintf("ls%013d", i), Code: fmt.Sprintf("L-%07d", i), Client: client.Id, Status: statuses[i%len(statuses)],
			Start: start, End: start.Add(2 * time.Hour), Type: "External", Location: "Venue"}
		if lane < 6 {
			s.Type, s.Room, s.Location = "Studio", rooms[lane].Id, ""
		}
		sessions = append(sessions, s)
		for j := 0; j < 1+i%2; j++ {
			assignments = append(assignments, ta.BulkAssignment{ID: fmt.Sprintf("la%012d%d", i, j), Session: s.ID,
				Photographer: photographers[(i+j)%len(photographers)].Id, Status: "Confirmed", Start: start, End: start.Add(2 * time.Hour), Lead: j == 0})
		}
	}
	ta.BulkInsert(t, app, sessions, assignments)
	stamp := time.Now().UTC().Format("2006-01-02 15:04:05.000Z")
	err := app.RunInTransaction(func(tx core.App) error {
		for from := 0; from < loadSessions; from += 100 {
			var lines, pays []string
			p := dbx.Params{"stamp": stamp}
			for i := from; i < from+100; i++ {
				sid := fmt.Sprintf("ls%013d", i)
				p[fmt.Sprintf("s%d", i)] = sid
				for j := 0; j < 2; j++ {
					lines = append(lines, fmt.Sprintf("('ll%012d%d', {:s%d}, 'Item', 'IT-%d', 'Item %d', %d, 123.45, %s, %d, {:stamp}, {:stamp})",
						i, j, i, j, j, 1+j, []string{"123.45", "246.90"}[j], j))
				}
				pays = append(pays, fmt.Sprintf("('lp%012d0', {:s%d}, 'Deposit', 185.18, 'D-%d', 'Cash', {:stamp}, 'Verified', {:stamp}, {:stamp})", i, i, i))
				if i%2 == 0 {
					pays = append(pays, fmt.Sprintf("('lp%012d1', {:s%d}, 'Balance', 185.17, 'B-%d', 'Transfer', {:stamp}, 'Verified', {:stamp}, {:stamp})", i, i, i))
				}
			}
			if _, err := tx.DB().NewQuery(`INSERT INTO session_lines (id, session, line_type, item_code, item_name, quantity, unit_price, line_subtotal,
				display_order, created, updated) VALUES ` + strings.Join(lines, ", ")).Bind(p).Execute(); err != nil {
				return err
			}
			if _, err := tx.DB().NewQuery(`INSERT INTO session_payments (id, session, payment_type, amount, document_number, method, payment_date,
				payment_status, created, updated) VALUES ` + strings.Join(pays, ", ")).Bind(p).Execute(); err != nil {
				return err
			}
		}
		_, err := tx.DB().NewQuery(`UPDATE sessions SET subtotal = 370.35, total = 370.35, deposit_amount = 185.18`).Execute()
		return err
	})
	if err != nil {
		t.Fatalf("seed lines and payments: %v", err)
	}
}

// changeLoad makes 1,000 changes, each logged by mirror.Log in the
// transaction that makes it: 700 session edits, 200 line edits and 100
// payment deletions. It returns the changed ids per collection.
func changeLoad(t *testing.T, app core.App) map[string][]string {
	t.Helper()
	changed := map[string][]string{}
	err := app.RunInTransaction(func(tx core.App) error {
		change := func(collection, q, id, op string) error {
			if _, err := tx.DB().NewQuery(q).Bind(dbx.Params{"id": id}).Execute(); err != nil {
				return err
			}
			changed[collection] = append(changed[collection], id)
			return mirror.Log(tx, collection, id, op)
		}
		for i := 0; i < 700; i++ {
			if err := change("sessions", `UPDATE sessions SET special_notes = 'edited', discount = 10.01, total = 360.34 WHERE id = {:id}`,
				fmt.Sprintf("ls%013d", i*137%loadSessions), mirror.OpUpsert); err != nil {
				return err
			}
		}
		for i := 0; i < 200; i++ {
			if err := change("session_lines", `UPDATE session_lines SET quantity = 3, line_subtotal = 370.35 WHERE id = {:id}`,
				fmt.Sprintf("ll%012d0", i*401%loadSessions), mirror.OpUpsert); err != nil {
				return err
			}
		}
		for i := 0; i < 100; i++ {
			if err := change("session_payments", `DELETE FROM session_payments WHERE id = {:id}`,
				fmt.Sprintf("lp%012d1", i*998%loadSessions), mirror.OpDelete); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("changes: %v", err)
	}
	return changed
}

// bareCopy reads the mirrored rows (only the changed ids when given) with
// the comparison's column list into memory, then times one pgx COPY of
// them into bare tables of the same columns. It returns the read and the
// COPY durations.
func bareCopy(t *testing.T, e *env, only map[string][]string) (time.Duration, time.Duration) {
	t.Helper()
	ctx := context.Background()
	start := time.Now()
	type load struct {
		table string
		cols  []string
		rows  [][]any
	}
	var loads []load
	for _, m := range mirrored {
		if only != nil && only[m.src] == nil {
			continue
		}
		names := make([]string, len(m.cols))
		for i, c := range m.cols {
			names[i] = `"` + c.name + `"`
		}
		q := "SELECT " + strings.Join(names, ", ") + " FROM " + m.src
		if only != nil {
			q += " WHERE id IN ('" + strings.Join(only[m.src], "', '") + "')"
		}
		rows, err := e.app.DB().NewQuery(q).Rows()
		if err != nil {
			t.Fatal(err)
		}
		l := load{table: m.pg}
		for _, c := range m.cols {
			l.cols = append(l.cols, c.name)
		}
		for rows.Next() {
			raw := make([]any, len(m.cols))
			ptrs := make([]any, len(raw))
			for i := range raw {
				ptrs[i] = &raw[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, c := range m.cols {
				raw[i] = bareValue(c.kind, raw[i])
			}
			l.rows = append(l.rows, raw)
		}
		rows.Close()
		loads = append(loads, l)
	}
	read := time.Since(start)

	if _, err := e.pg.Exec(ctx, `DROP SCHEMA IF EXISTS bare CASCADE; CREATE SCHEMA bare`); err != nil {
		t.Fatal(err)
	}
	for _, l := range loads {
		if _, err := e.pg.Exec(ctx, fmt.Sprintf(`CREATE TABLE bare.%s (LIKE studio.%s)`, l.table, l.table)); err != nil {
			t.Fatal(err)
		}
	}
	start = time.Now()
	tx, err := e.pg.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range loads {
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"bare", l.table}, l.cols, pgx.CopyFromRows(l.rows)); err != nil {
			t.Fatalf("bare copy %s: %v", l.table, err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	return read, time.Since(start)
}

// bareValue converts a SQLite value for the bare COPY.
func bareValue(kind byte, v any) any {
	s, isText := v.(string)
	switch kind {
	case 'm':
		var d decimal.Decimal
		switch n := v.(type) {
		case float64:
			d = decimal.NewFromFloat(n)
		case int64:
			d = decimal.NewFromInt(n)
		}
		d = d.Round(2)
		return pgtype.Numeric{Int: d.Coefficient(), Exp: d.Exponent(), Valid: true}
	case 'i':
		switch n := v.(type) {
		case float64:
			return int64(n)
		case int64:
			return n
		}
		return int64(0)
	case 'b':
		n, _ := v.(int64)
		return n != 0
	case 'd':
		if !isText || s == "" {
			return nil
		}
		tm, _ := time.Parse("2006-01-02 15:04:05.000Z", s)
		return tm
	case 'r':
		if !isText || s == "" {
			return nil
		}
		return s
	case 'l':
		var out []string
		if isText {
			out = strings.Split(strings.Trim(s, `[]`), ",")
			for i := range out {
				out[i] = strings.Trim(out[i], `"`)
			}
			if len(out) == 1 && out[0] == "" {
				out = []string{}
			}
		}
		return out
	default:
		if v == nil {
			return ""
		}
		return s
	}
}
