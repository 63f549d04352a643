package lifecycle_test

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/shopspring/decimal"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/money"
	ta "github.com/studio/studio/internal/testapp"
)

// linesSum is Σ line_subtotal computed independently, in decimal.
func linesSum(t *testing.T, f *fixture, id string) decimal.Decimal {
	t.Helper()
	lines, err := f.app.FindRecordsByFilter("session_lines", "session = {:s}", "", 0, 0, dbx.Params{"s": id})
	if err != nil {
		t.Fatal(err)
	}
	sum := decimal.Zero
	for _, l := range lines {
		sum = sum.Add(decimal.NewFromFloat(l.GetFloat("line_subtotal")))
	}
	return sum
}

// TestPackageExplosion: a package becomes one line per item carrying
// exactly its base price, and the session's editing days follow it.
func TestPackageExplosion(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	a := ta.Item(t, f.app, map[string]any{"unit_price": 450})
	b := ta.Item(t, f.app, map[string]any{"unit_price": 60})
	c := ta.Item(t, f.app, map[string]any{"unit_price": 0.01})
	pkg := ta.Package(t, f.app, map[string]any{"base_price": 850, "estimated_editing_days": 12, "session_type": domain.SessionTypeStudio}, a, b, c)
	id := f.newSession(t, f.now.Add(20*24*time.Hour), "", 0)
	r := f.addLine(t, coordinator, id, map[string]any{"package": pkg.Id, "quantity": 2})
	lines, _ := r.Body["lines"].([]any)
	if len(lines) != 3 {
		t.Fatalf("want 3 lines: %s", r.Raw)
	}
	var got []string
	for _, l := range lines {
		m := l.(map[string]any)
		got = append(got, decimal.NewFromFloat(m["line_subtotal"].(float64)).StringFixed(2))
		if m["line_type"] != domain.LinePackage || m["reference_id"] != pkg.Id || m["quantity"] != 2.0 {
			t.Fatalf("line %v", m)
		}
	}
	// weights 900 : 120 : 0.02 of 1700.00
	if want := []string{"1499.97", "200.00", "0.03"}; dump(got) != dump(want) {
		t.Fatalf("shares %v, want %v", got, want)
	}
	s := f.session(t, id)
	if amount(s, "total") != "1700.00" || s.GetInt("estimated_editing_days") != 12 || !linesSum(t, f, id).Equal(decimal.NewFromInt(1700)) {
		t.Fatalf("session total %s days %d", amount(s, "total"), s.GetInt("estimated_editing_days"))
	}

	ext := ta.Package(t, f.app, map[string]any{"session_type": domain.SessionTypeExternal}, a)
	if r := ta.Do(t, http.MethodPost, f.base+"/api/studio/sessions/"+id+"/lines", f.tok[coordinator], map[string]any{"package": ext.Id}); r.Status != 400 || r.FieldCode("package") != domain.CodeValidation {
		t.Fatalf("External package on a Studio session: %d %s", r.Status, r.Raw)
	}
	gone := ta.Item(t, f.app, map[string]any{"status": domain.Inactive})
	if r := ta.Do(t, http.MethodPost, f.base+"/api/studio/sessions/"+id+"/lines", f.tok[coordinator], map[string]any{"item": gone.Id}); r.Status != 400 || r.FieldCode("item") != domain.CodeValidation {
		t.Fatalf("inactive item: %d %s", r.Status, r.Raw)
	}
	line := lines[0].(map[string]any)["id"].(string)
	if r := ta.Do(t, http.MethodPatch, f.records("session_lines")+"/"+line, f.tok[coordinator], map[string]any{"quantity": 5}); r.Status != 400 {
		t.Fatalf("package line quantity change: %d %s", r.Status, r.Raw)
	}
	if r := ta.Do(t, http.MethodPost, f.base+"/api/studio/sessions/"+id+"/lines", f.tok[photographer], map[string]any{"item": a.Id}); r.Status != 404 {
		t.Fatalf("photographer adds a line to an unseen session: %d %s", r.Status, r.Raw)
	}
}

// TestLineChangesFollowRules: quantity changes and deletions through the
// collection API recompute the totals; after the changes deadline only
// session.edit.all may change lines, audit logged.
func TestLineChangesFollowRules(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	id := f.newSession(t, f.now.Add(20*24*time.Hour), "10.05", 3)
	extra := ta.Item(t, f.app, map[string]any{"unit_price": 0.35})
	r := f.addLine(t, coordinator, id, map[string]any{"item": extra.Id, "quantity": "1.5"})
	line := r.Body["lines"].([]any)[0].(map[string]any)["id"].(string)
	if s := f.session(t, id); amount(s, "total") != "30.68" { // 30.15 + 0.525→0.53
		t.Fatalf("total %s", amount(s, "total"))
	}
	if r := ta.Do(t, http.MethodPatch, f.records("session_lines")+"/"+line, f.tok[coordinator], map[string]any{"quantity": 3}); r.Status != 200 {
		t.Fatalf("quantity: %d %s", r.Status, r.Raw)
	}
	if s := f.session(t, id); amount(s, "total") != "31.20" {
		t.Fatalf("total after quantity change %s", amount(s, "total"))
	}
	if r := ta.Do(t, http.MethodPatch, f.records("session_lines")+"/"+line, f.tok[coordinator], map[string]any{"unit_price": 0.01}); r.Status != 400 {
		t.Fatalf("unit price change: %d %s", r.Status, r.Raw)
	}
	if r := ta.Do(t, http.MethodDelete, f.records("session_lines")+"/"+line, f.tok[coordinator], nil); r.Status != 204 {
		t.Fatalf("delete: %d %s", r.Status, r.Raw)
	}
	if s := f.session(t, id); amount(s, "total") != "30.15" {
		t.Fatalf("total after delete %s", amount(s, "total"))
	}

	f.drive(t, id, domain.StatusConfirmed)
	f.at(f.session(t, id).GetDateTime("changes_deadline").Time().Add(time.Second))
	r = ta.Do(t, http.MethodPost, f.base+"/api/studio/sessions/"+id+"/lines", f.tok[coordinator], map[string]any{"item": extra.Id})
	if r.Status != 422 || r.FieldCode("session") != domain.CodeChangesDeadlineExpired {
		t.Fatalf("coordinator after deadline: %d %s", r.Status, r.Raw)
	}
	r = ta.Do(t, http.MethodPatch, f.records("sessions")+"/"+id, f.tok[coordinator], map[string]any{"discount": 1})
	if r.Status != 422 || r.FieldCode("session") != domain.CodeChangesDeadlineExpired {
		t.Fatalf("discount after deadline: %d %s", r.Status, r.Raw)
	}
	f.addLine(t, admin, id, map[string]any{"item": extra.Id})
	if count(t, f.app, "audit_log", dbx.HashExp{"record_id": id, "action": "session.lines.added-after-deadline", "actor": f.staff.Admin.Id}) != 1 {
		t.Fatal("the admin's late change must be audit logged")
	}
	f.drive(t, id, domain.StatusAssigned)
	r = ta.Do(t, http.MethodPost, f.base+"/api/studio/sessions/"+id+"/lines", f.tok[coordinator], map[string]any{"item": extra.Id})
	if r.Status != 422 || r.FieldCode("session") != domain.CodeImmutableSession {
		t.Fatalf("coordinator on Assigned: %d %s", r.Status, r.Raw)
	}
}

// TestConcurrentLineAdditions: 50 simultaneous additions over real HTTP
// lose no line, and the total is the sum of the lines.
func TestConcurrentLineAdditions(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	id := f.newSession(t, f.now.Add(20*24*time.Hour), "", 0)
	items := make([]string, 50)
	want := decimal.Zero
	for i := range items {
		price := decimal.New(int64(1000+i*37), -2)
		items[i] = ta.Item(t, f.app, map[string]any{"unit_price": price.InexactFloat64()}).Id
		want = want.Add(price.Mul(decimal.NewFromInt(int64(1 + i%3))))
	}
	var wg sync.WaitGroup
	statuses := make([]int, len(items))
	for i := range items {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			statuses[i] = ta.Do(t, http.MethodPost, f.base+"/api/studio/sessions/"+id+"/lines", f.tok[coordinator],
				map[string]any{"item": items[i], "quantity": 1 + i%3}).Status
		}(i)
	}
	wg.Wait()
	for i, st := range statuses {
		if st != 200 {
			t.Fatalf("addition %d: %d", i, st)
		}
	}
	if n := count(t, f.app, "session_lines", dbx.HashExp{"session": id}); n != 50 {
		t.Fatalf("%d lines, want 50", n)
	}
	s := f.session(t, id)
	if !money.FromStored(s.GetFloat("total")).Equal(want) || !linesSum(t, f, id).Equal(want) {
		t.Fatalf("total %s, lines %s, want %s", amount(s, "total"), linesSum(t, f, id), want)
	}
}
