package scheduling

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/studio/studio/internal/domain"
	ta "github.com/studio/studio/internal/testapp"
)

// fetch GETs a feed without auth, as a calendar app does.
func fetch(t *testing.T, feed string) (int, string, string) {
	t.Helper()
	res, err := http.Get(feed)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Content-Type"), string(raw)
}

func feedURL(t *testing.T, w *world, token string) string {
	t.Helper()
	r := ta.Do(t, http.MethodGet, w.base+"/api/studio/calendar", token, nil)
	expect(t, r, http.StatusOK, "", "")
	u, _ := r.Body["url"].(string)
	if !strings.HasSuffix(u, ".ics") {
		t.Fatalf("feed url %q", u)
	}
	return u
}

// parseFeed fetches and parses a feed with a real iCalendar parser and
// returns its events by UID.
func parseFeed(t *testing.T, feed string) map[string]*ics.VEvent {
	t.Helper()
	status, ctype, body := fetch(t, feed)
	if status != http.StatusOK || !strings.HasPrefix(ctype, "text/calendar") {
		t.Fatalf("feed %d %s: %s", status, ctype, body)
	}
	for _, line := range strings.Split(strings.TrimSuffix(body, "\r\n"), "\r\n") {
		if len(line) > 75 {
			t.Fatalf("unfolded line of %d octets", len(line))
		}
	}
	cal, err := ics.ParseCalendar(strings.NewReader(body))
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, body)
	}
	out := map[string]*ics.VEvent{}
	for _, ev := range cal.Events() {
		if ev.GetProperty(ics.ComponentPropertyDtstamp) == nil {
			t.Fatalf("event %s has no DTSTAMP", ev.Id())
		}
		out[ev.Id()] = ev
	}
	return out
}

func TestCalendarFeeds(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	p := w.staff.Photographer
	studio := w.session(t, w.room, 10, 12, domain.StatusConfirmed)
	a := w.assign(t, studio, p, 9.5, 12.5, map[string]any{"is_lead": true})
	external := ta.Session(t, w.app, w.client, map[string]any{"session_type": domain.SessionTypeExternal, "status": domain.StatusConfirmed,
		"location": "Hotel Real, Zona 10; salón \"Los Arcos\" — entrada por la 5a avenida, junto al parqueo", "starts_at": h(30), "ends_at": h(34)})
	b := w.assign(t, external, p, 29, 35, nil)
	editing := ta.Session(t, w.app, w.client, map[string]any{"status": domain.StatusInEditing, "assigned_editor": w.staff.Editor.Id})
	canceled := w.session(t, nil, 40, 41, domain.StatusCanceled)

	t.Run("photographer: assignments with coverage and place", func(t *testing.T) {
		events := parseFeed(t, feedURL(t, w, w.tok["photographer"]))
		if len(events) != 2 {
			t.Fatalf("%d events, want 2", len(events))
		}
		ev := events[a.Id+"@studio"]
		if ev == nil {
			t.Fatalf("no event %s@studio in %v", a.Id, events)
		}
		start, _ := ev.GetStartAt()
		end, _ := ev.GetEndAt()
		if !start.Equal(h(9.5)) || !end.Equal(h(12.5)) {
			t.Fatalf("coverage %v – %v", start, end)
		}
		if loc := ev.GetProperty(ics.ComponentPropertyLocation); loc == nil || !strings.Contains(loc.Value, "Studio") {
			t.Fatalf("location %v", loc)
		}
		ext := events[b.Id+"@studio"]
		if loc := ext.GetProperty(ics.ComponentPropertyLocation); loc == nil || !strings.Contains(loc.Value, "Los Arcos") || !strings.Contains(loc.Value, "junto al parqueo") {
			t.Fatalf("folded, escaped location lost: %v", loc)
		}
	})
	t.Run("editor: editing deadlines as all-day events", func(t *testing.T) {
		events := parseFeed(t, feedURL(t, w, w.tok["editor"]))
		ev := events[editing.Id+"-delivery@studio"]
		if len(events) != 1 || ev == nil {
			t.Fatalf("events %v", events)
		}
		day, err := ev.GetAllDayStartAt()
		if err != nil {
			t.Fatal(err)
		}
		editing, _ = w.app.FindRecordById("sessions", editing.Id)
		due := editing.GetDateTime("estimated_delivery_date").Time().In(mustLoc(t))
		if day.Format(time.DateOnly) != due.Format(time.DateOnly) {
			t.Fatalf("deadline %s, want %s", day.Format(time.DateOnly), due.Format(time.DateOnly))
		}
	})
	t.Run("coordinator: every open session, stable UIDs", func(t *testing.T) {
		feed := feedURL(t, w, w.tok["coordinator"])
		first := parseFeed(t, feed)
		for _, id := range []string{studio.Id, external.Id, editing.Id} {
			if first[id+"@studio"] == nil {
				t.Fatalf("open session %s missing", id)
			}
		}
		if first[canceled.Id+"@studio"] != nil {
			t.Fatal("a canceled session is listed")
		}
		second := parseFeed(t, feed)
		if len(first) != len(second) {
			t.Fatal("the feed changed between two fetches")
		}
		for uid := range first {
			if second[uid] == nil {
				t.Fatalf("UID %s is not stable", uid)
			}
		}
	})
	t.Run("rotation stops the old URL", func(t *testing.T) {
		old := feedURL(t, w, w.tok["photographer"])
		r := ta.Do(t, http.MethodPost, w.base+"/api/studio/calendar/rotate", w.tok["photographer"], nil)
		expect(t, r, http.StatusOK, "", "")
		fresh, _ := r.Body["url"].(string)
		if fresh == old {
			t.Fatal("rotation kept the token")
		}
		if status, _, _ := fetch(t, old); status != http.StatusNotFound {
			t.Fatalf("old feed answers %d", status)
		}
		if len(parseFeed(t, fresh)) != 2 {
			t.Fatal("the new feed lost events")
		}
		if status, _, _ := fetch(t, w.base+"/api/studio/calendar/not-a-token.ics"); status != http.StatusNotFound {
			t.Fatalf("unknown token answers %d", status)
		}
	})
	t.Run("the token never leaves through the records API", func(t *testing.T) {
		r := ta.Do(t, http.MethodGet, w.records("users")+"/"+p.Id, w.tok["admin"], nil)
		if _, ok := r.Body["calendar_token"]; ok || r.Status != http.StatusOK {
			t.Fatalf("user read: %s", r.Raw)
		}
		u, _ := w.app.FindRecordById("users", p.Id)
		r = ta.Do(t, http.MethodGet, w.records("users")+"?filter="+url.QueryEscape("calendar_token='"+u.GetString("calendar_token")+"'"), w.tok["admin"], nil)
		if r.Status == http.StatusOK && len(r.Items()) > 0 {
			t.Fatal("the token can be searched")
		}
		r = ta.Do(t, http.MethodPatch, w.records("users")+"/"+p.Id, w.tok["photographer"], map[string]any{"calendar_token": "chosen"})
		if u2, _ := w.app.FindRecordById("users", p.Id); u2.GetString("calendar_token") == "chosen" {
			t.Fatal("a user chose their own token")
		}
	})
	t.Run("superusers have no feed", func(t *testing.T) {
		expect(t, ta.Do(t, http.MethodGet, w.base+"/api/studio/calendar", w.tok["superuser"], nil), http.StatusForbidden, "calendar", domain.CodeForbidden)
	})
}

func mustLoc(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("America/Guatemala")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}
