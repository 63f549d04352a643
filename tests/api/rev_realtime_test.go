package api_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	ta "github.com/studio/studio/internal/testapp"
)

// TestRealtimeExpandKeepsClientPrivate: a photographer's subscription that
// expands the client through a relation, with or without a fields list
// naming the private fields, receives events whose expanded client holds
// full_name, email and primary_phone only.
func TestRealtimeExpandKeepsClientPrivate(t *testing.T) {
	w := newWorld(t)
	w.clientOwn.Set("notes", "secret VIP note")
	w.clientOwn.Set("delivery_address", "Zona 10 secret")
	if err := w.app.Save(w.clientOwn); err != nil {
		t.Fatal(err)
	}
	subs := []string{
		"session_photographers/*?options=" + options(map[string]string{"expand": "session.client"}),
		"sessions/*?options=" + options(map[string]string{"expand": "client", "fields": "id,expand.client.notes,expand.client.delivery_address,expand.client.full_name"}),
		"sessions/" + w.sessOwn.Id + "?options=" + options(map[string]string{"expand": "client", "fields": "*,expand.client.*"}),
	}
	for _, sub := range subs {
		rt := ta.Subscribe(t, w.base, w.tokens[photographer], sub)
		a, err := w.app.FindRecordById("session_photographers", w.assignOwn.Id)
		if err != nil {
			t.Fatal(err)
		}
		a.Set("notes", "touch "+sub)
		if err := w.app.Save(a); err != nil {
			t.Fatal(err)
		}
		s, err := w.app.FindRecordById("sessions", w.sessOwn.Id)
		if err != nil {
			t.Fatal(err)
		}
		s.Set("event_description", "touch "+sub)
		if err := w.app.Save(s); err != nil {
			t.Fatal(err)
		}
		ev, ok := rt.Next(5 * time.Second)
		rt.Close()
		if !ok {
			t.Fatalf("%s: no event", sub)
		}
		raw, _ := json.Marshal(ev.Data)
		if !strings.Contains(string(raw), "Client") {
			t.Errorf("%s: the event carries no expanded client: %s", sub, raw)
		}
		for _, secret := range []string{"secret VIP note", "Zona 10 secret", `"notes":"secret`, "delivery_address"} {
			if strings.Contains(string(raw), secret) {
				t.Errorf("%s: the event reveals %q: %s", sub, secret, raw)
			}
		}
	}
}

// TestRealtimeOddSpellings: a photographer's probe on client notes spelled
// with a JSON unicode escape in the key, an escaped "options" name, the
// options before other parameters, a duplicate JSON key or a second
// options parameter is read as PocketBase reads it: refused (403) where
// PocketBase would apply the probe, 400 where the options cannot be read,
// and accepted only where PocketBase ignores the probe (a second options
// parameter: PocketBase reads the first).
func TestRealtimeOddSpellings(t *testing.T) {
	w := newWorld(t)
	probe := options(map[string]string{"filter": "client.notes ~ 'x'"})
	harmless := options(map[string]string{"filter": "status != ''"})
	cases := []struct {
		name, sub string
		status    int
	}{
		{"unicode escape in the key", "sessions/*?options=" + url.QueryEscape(`{"query":{"\u0066ilter":"client.notes ~ 'x'"}}`), 403},
		{"unicode escape in the value", "sessions/*?options=" + url.QueryEscape(`{"query":{"filter":"client.\u006eotes ~ 'x'"}}`), 403},
		{"escaped options name", "sessions/*?%6Fptions=" + probe, 403},
		{"options first", "sessions/*?options=" + probe + "&x=1", 403},
		{"duplicate JSON key", "sessions/*?options=" + url.QueryEscape(`{"query":{"filter":"status != ''","filter":"client.notes ~ 'x'"}}`), 400},
		{"probe in a second options parameter", "sessions/*?options=" + harmless + "&options=" + probe, 204},
		{"probe in the first options parameter", "sessions/*?options=" + probe + "&options=" + harmless, 403},
		{"fields naming private fields", "sessions/*?options=" + options(map[string]string{"expand": "client", "fields": "expand.client.notes"}), 204},
		{"whitespace and a comment", "sessions/*?options=" + options(map[string]string{"filter": "status != '' //x\n &&\tclient.notes\t~ 'x'"}), 403},
	}
	for _, c := range cases {
		if _, status, raw := ta.TrySubscribe(t, w.base, w.tokens[photographer], c.sub); status != c.status {
			t.Errorf("%s: want %d, got %d %.300s", c.name, c.status, status, raw)
		}
	}
}
