// Package scheduling tests the resource rules (docs/rules.md §6) through the real HTTP API: room and
// photographer conflicts, the race for one slot, availability, the editing
// queue and the calendar feeds.
package scheduling

import (
	"net/http"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/studio/studio/internal/domain"
	ta "github.com/studio/studio/internal/testapp"
)

// now is the frozen clock of every test: sessions are placed after it.
var now = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

// day is a Saturday well after now, at 00:00 UTC.
var day = time.Date(2027, 1, 16, 0, 0, 0, 0, time.UTC)

type world struct {
	app    *tests.TestApp
	base   string
	staff  *ta.Staff
	client *core.Record
	room   *core.Record
	tok    map[string]string
}

func newWorld(t *testing.T) *world {
	t.Helper()
	app := ta.New(t)
	ta.SetNow(app, now)
	w := &world{app: app, staff: ta.NewStaff(t, app)}
	w.client = ta.Client(t, app, nil)
	w.room = ta.Room(t, app, nil)
	w.tok = map[string]string{
		"admin": ta.Token(t, w.staff.Admin), "coordinator": ta.Token(t, w.staff.Coordinator),
		"photographer": ta.Token(t, w.staff.Photographer), "editor": ta.Token(t, w.staff.Editor),
		"editor2": ta.Token(t, w.staff.Editor2), "superuser": ta.Token(t, w.staff.Superuser),
	}
	w.base = ta.Serve(t, app)
	return w
}

// h returns day + hours as a time.
func h(hours float64) time.Time { return day.Add(time.Duration(hours * float64(time.Hour))) }

// session creates a Studio session in the room (nil for none) from hour a
// to hour b of day, in status (through the factory).
func (w *world) session(t *testing.T, room *core.Record, a, b float64, status string) *core.Record {
	t.Helper()
	fields := map[string]any{"starts_at": h(a), "ends_at": h(b), "status": status}
	if room != nil {
		fields["room"] = room.Id
	}
	return ta.Session(t, w.app, w.client, fields)
}

// assign creates an assignment through the Go path.
func (w *world) assign(t *testing.T, s, photographer *core.Record, a, b float64, fields map[string]any) *core.Record {
	t.Helper()
	f := map[string]any{"coverage_start": h(a), "coverage_end": h(b)}
	for k, v := range fields {
		f[k] = v
	}
	return ta.Assign(t, w.app, s, photographer, f)
}

func (w *world) records(collection string) string {
	return w.base + "/api/collections/" + collection + "/records"
}

func (w *world) createSession(t *testing.T, token string, room *core.Record, a, b float64) ta.Response {
	t.Helper()
	body := map[string]any{"client": w.client.Id, "session_type": domain.SessionTypeStudio, "starts_at": h(a), "ends_at": h(b)}
	if room != nil {
		body["room"] = room.Id
	}
	return ta.Do(t, http.MethodPost, w.records("sessions"), token, body)
}

// conflicts returns the params.conflicts of a 409 answer on field.
func conflicts(r ta.Response, field string) []map[string]any {
	data, _ := r.Body["data"].(map[string]any)
	f, _ := data[field].(map[string]any)
	params, _ := f["params"].(map[string]any)
	list, _ := params["conflicts"].([]any)
	out := make([]map[string]any, 0, len(list))
	for _, c := range list {
		if m, ok := c.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

func params(r ta.Response, field string) map[string]any {
	data, _ := r.Body["data"].(map[string]any)
	f, _ := data[field].(map[string]any)
	p, _ := f["params"].(map[string]any)
	return p
}

func expect(t *testing.T, r ta.Response, status int, field, code string) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d: %s", r.Status, status, r.Raw)
	}
	if code != "" && r.FieldCode(field) != code {
		t.Fatalf("code on %s = %q, want %s: %s", field, r.FieldCode(field), code, r.Raw)
	}
}
