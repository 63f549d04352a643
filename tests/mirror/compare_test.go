package mirror_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"
)

// col is a column checked by the comparison: t text, r relation (empty is
// NULL in PostgreSQL), m money (to the cent), i integer, b boolean, d
// datetime, l JSON list (text[] in PostgreSQL).
type col struct {
	name string
	kind byte
}

// mirrored lists, independently of the mirror's code, every mirrored
// table with its source collection and columns.
var mirrored = []struct {
	pg, src string
	cols    []col
}{
	{"settings", "studio_settings", cs("studio_name:t timezone:t currency:t language:t")},
	{"roles", "roles", cs("name:t permissions:l")},
	{"users", "users", cs("email:t name:t phone:t status:t roles:l")},
	{"clients", "clients", cs("full_name:t email:t primary_phone:t secondary_phone:t delivery_address:t client_type:t status:t high_risk:b")},
	{"rooms", "rooms", cs("code:t name:t description:t capacity:i status:t")},
	{"items", "items", cs("code:t name:t description:t item_type:t unit_price:m unit_measure:t default_quantity:m status:t")},
	{"packages", "packages", cs("code:t name:t description:t session_type:t base_price:m estimated_editing_days:i status:t")},
	{"package_items", "package_items", cs("package:r item:r quantity:m display_order:i")},
	{"sessions", "sessions", cs(`code:t client:r session_type:t status:t starts_at:d ends_at:d location:t room:r event_description:t
		special_notes:t assigned_editor:r subtotal:m transportation_cost:m discount:m total:m deposit_percentage:m deposit_amount:m
		estimated_editing_days:i estimated_delivery_date:d changes_deadline:d payment_deadline:d photographer_observations:t
		editor_observations:t reported_incidents:t canceled_at:d cancellation_reason:t cancellation_initiator:t created_by:t updated_by:t`)},
	{"session_lines", "session_lines", cs(`session:r line_type:t reference_type:t reference_id:t item_code:t item_name:t item_description:t
		quantity:m unit_price:m line_subtotal:m display_order:i added_by:t`)},
	{"assignments", "session_photographers", cs("session:r photographer:r coverage_start:d coverage_end:d is_lead:b assignment_status:t attended:b notes:t created_by:t")},
	{"payments", "session_payments", cs(`session:r payment_type:t amount:m document_number:t method:t payment_date:d notes:t payment_status:t
		refund_percentage:m refund_rule:t registered_by:t verified_by:t`)},
	{"status_history", "session_status_history", cs("session:r previous_status:t new_status:t reason:t changed_by:t")},
}

// cs reads "name:kind ..." and adds id, created and updated.
func cs(spec string) []col {
	out := []col{{"id", 't'}}
	for _, f := range strings.Fields(spec) {
		name, kind, _ := strings.Cut(f, ":")
		out = append(out, col{name, kind[0]})
	}
	return append(out, col{"created", 'd'}, col{"updated", 'd'})
}

// sqliteExpr renders a column as the text the comparison expects.
func sqliteExpr(c col) string {
	switch c.kind {
	case 'm':
		return fmt.Sprintf("printf('%%.2f', COALESCE(%s, 0))", c.name)
	case 'i':
		return fmt.Sprintf("CAST(COALESCE(%s, 0) AS INTEGER)", c.name)
	case 'b':
		return fmt.Sprintf("CASE WHEN %s THEN 'true' ELSE 'false' END", c.name)
	default:
		return fmt.Sprintf("COALESCE(%s, '')", c.name)
	}
}

func pgExpr(c col) string {
	q := `"` + c.name + `"`
	switch c.kind {
	case 'd':
		return fmt.Sprintf(`COALESCE(to_char(%s AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS') || 'Z', '')`, q)
	case 'l':
		return fmt.Sprintf("array_to_json(%s)::text", q)
	case 'b':
		return fmt.Sprintf("CASE WHEN %s THEN 'true' ELSE 'false' END", q)
	default:
		return fmt.Sprintf("COALESCE(%s::text, '')", q)
	}
}

// normalize makes JSON lists comparable ("[]" and "" alike, no spacing).
func normalize(c col, v string) string {
	if c.kind != 'l' {
		return v
	}
	var list []string
	_ = json.Unmarshal([]byte(v), &list)
	return strings.Join(list, ",")
}

// rowsOf reads a table as sorted lines of text.
func sqliteRows(t testing.TB, e *env, src string, cols []col) []string {
	t.Helper()
	exprs := make([]string, len(cols))
	for i, c := range cols {
		exprs[i] = sqliteExpr(c)
	}
	rows, err := e.app.DB().NewQuery("SELECT " + strings.Join(exprs, ", ") + " FROM " + src).Rows()
	if err != nil {
		t.Fatalf("read %s: %v", src, err)
	}
	defer rows.Close()
	return collect(t, src, rows, cols)
}

func pgRows(t testing.TB, e *env, table string, cols []col) []string {
	t.Helper()
	exprs := make([]string, len(cols))
	for i, c := range cols {
		exprs[i] = pgExpr(c)
	}
	rows, err := e.pg.Query(context.Background(), "SELECT "+strings.Join(exprs, ", ")+" FROM "+e.schema+"."+table)
	if err != nil {
		t.Fatalf("read mirror %s: %v", table, err)
	}
	defer rows.Close()
	return collect(t, "mirror "+table, rows, cols)
}

// rowScanner is what database/sql's and pgx's row sets both offer.
type rowScanner interface {
	Next() bool
	Scan(dest ...any) error
}

// collect reads every row as text, normalizes each column and answers the
// rows joined by " | ", sorted, so both sides compare as plain strings.
func collect(t testing.TB, what string, rows rowScanner, cols []col) []string {
	t.Helper()
	var out []string
	for rows.Next() {
		vals := make([]string, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatalf("read %s: %v", what, err)
		}
		for i, c := range cols {
			vals[i] = normalize(c, vals[i])
		}
		out = append(out, strings.Join(vals, " | "))
	}
	sort.Strings(out)
	return out
}

// assertMirrorEqual checks every mirrored table row by row, every column,
// money to the cent; it returns the number of rows compared.
func assertMirrorEqual(t testing.TB, e *env) int {
	t.Helper()
	n := 0
	for _, m := range mirrored {
		src, dst := sqliteRows(t, e, m.src, m.cols), pgRows(t, e, m.pg, m.cols)
		if len(src) != len(dst) {
			t.Errorf("%s: %d rows in SQLite, %d in the mirror", m.pg, len(src), len(dst))
		}
		for i := 0; i < min(len(src), len(dst)); i++ {
			if src[i] != dst[i] {
				t.Errorf("%s differs:\n sqlite: %s\n mirror: %s", m.pg, src[i], dst[i])
				break
			}
		}
		n += len(src)
	}
	return n
}
