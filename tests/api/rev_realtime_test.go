package api_test

import (
	"encoding/json"
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
