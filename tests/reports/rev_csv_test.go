package reports_test

import (
	"encoding/csv"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"

	ta "github.com/studio/studio/internal/testapp"
)

// A client name typed by a user must reach a spreadsheet as text: commas,
// quotes and line breaks survive the CSV round trip, and a name that
// starts with =, +, - or @ (which Excel, LibreOffice and Google Sheets
// would run as a formula) is written with a leading apostrophe.
func TestReportCSVNamesAreTextInSpreadsheets(t *testing.T) {
	f := newFixture(t)
	names := map[string]string{
		"formula": `=HYPERLINK("http://evil.test","Ana, ""la"" jefa")`,
		"plus":    "+502 5555",
		"minus":   "-2+3",
		"at":      "@SUM(A1)",
		"plain":   "Díaz, \"Beto\"\nSegunda línea",
	}
	want := map[string]string{
		"formula": `'=HYPERLINK("http://evil.test","Ana, ""la"" jefa")`,
		"plus":    "'+502 5555",
		"minus":   "'-2+3",
		"at":      "'@SUM(A1)",
		"plain":   "Díaz, \"Beto\"\nSegunda línea",
	}
	ids := map[string]string{}
	n := 20
	for k, name := range names {
		c := ta.Client(t, f.app, map[string]any{"full_name": name})
		ids[k] = c.Id
		n++
		id := sessionID(strconv.Itoa(n))
		exec(t, f.app, `INSERT INTO sessions (id, code, client, session_type, status, starts_at, ends_at, location, assigned_editor,
			estimated_delivery_date, subtotal, total, created, updated)
			VALUES ({:id}, {:code}, {:client}, 'Studio', 'Confirmed', '2026-03-10 16:00:00.000Z', '2026-03-10 16:00:00.000Z', '', '', '', 100, 100,
			'2026-01-10 16:00:00.000Z', '2026-01-10 16:00:00.000Z')`,
			dbx.Params{"id": id, "code": "S-2026-000" + strconv.Itoa(n), "client": c.Id})
	}
	req, _ := http.NewRequest("GET", f.base+"/api/studio/reports/sessions?from=2026-03-01&to=2026-05-01&format=csv", nil)
	req.Header.Set("Authorization", ta.Token(t, f.staff.Admin))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 {
		t.Fatalf("status %d: %s", res.StatusCode, body)
	}
	rows, err := csv.NewReader(strings.NewReader(string(body))).ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not parse: %v\n%s", err, body)
	}
	got := map[string]string{}
	for _, r := range rows {
		if len(r) != 5 {
			t.Fatalf("row of %d cells: %q", len(r), r)
		}
		if r[0] == "cancellation_by_client" && r[3] == "sessions" {
			got[r[1]] = r[2]
			if strings.HasPrefix(r[1], "fix") || r[1] == f.names["ana"] || r[1] == f.names["bruno"] || r[1] == f.names["carla"] {
				continue
			}
			if r[4] != "1" {
				t.Errorf("client %s: sessions %q, want 1", r[2], r[4])
			}
		}
	}
	for k, id := range ids {
		if got[id] != want[k] {
			t.Errorf("%s: name cell %q, want %q", k, got[id], want[k])
		}
	}
	for _, r := range rows {
		for _, cell := range r {
			if cell != "" && strings.ContainsRune("=+@", rune(cell[0])) {
				t.Errorf("cell %q starts a formula", cell)
			}
		}
	}
}
