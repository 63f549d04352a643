package testapp

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// RealtimeEvent is one server-sent event of PocketBase's realtime API.
type RealtimeEvent struct {
	// Topic is the event name: the subscription ("notifications",
	// "sessions/ID") or PB_CONNECT.
	Topic string
	// Data is the decoded JSON payload ({"action", "record"} for records).
	Data map[string]any
}

// Action is the record event's action (create, update, delete).
func (e RealtimeEvent) Action() string { s, _ := e.Data["action"].(string); return s }

// Record is the record of a record event.
func (e RealtimeEvent) Record() map[string]any { r, _ := e.Data["record"].(map[string]any); return r }

// Realtime is a realtime client as the JS SDK runs it: one SSE stream
// (GET /api/realtime), the clientId of its PB_CONNECT event, and
// subscriptions posted with the user's token (POST /api/realtime).
type Realtime struct {
	// ClientID is the id PocketBase gave the connection.
	ClientID string
	events   chan RealtimeEvent
	cancel   context.CancelFunc
}

// Subscribe connects to base's realtime API and subscribes to topics with
// token (empty for a guest). It fails the test unless the subscription is
// accepted (204); the stream closes when the test ends.
func Subscribe(t testing.TB, base, token string, topics ...string) *Realtime {
	t.Helper()
	rt, status, raw := TrySubscribe(t, base, token, topics...)
	if status != http.StatusNoContent {
		t.Fatalf("realtime subscribe %v: %d %s", topics, status, raw)
	}
	return rt
}

// TrySubscribe is Subscribe answering the subscription's HTTP status and
// body instead of failing on a refusal.
func TrySubscribe(t testing.TB, base, token string, topics ...string) (*Realtime, int, string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/realtime", nil)
	if err != nil {
		cancel()
		t.Fatalf("realtime request: %v", err)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		t.Fatalf("realtime connect: %v", err)
	}
	rt := &Realtime{events: make(chan RealtimeEvent, 256), cancel: cancel}
	t.Cleanup(func() { cancel(); _ = res.Body.Close() })

	connected := make(chan string, 1)
	go rt.read(res.Body, connected)
	select {
	case rt.ClientID = <-connected:
	case <-time.After(10 * time.Second):
		t.Fatal("realtime: no PB_CONNECT event")
	}

	body, _ := json.Marshal(map[string]any{"clientId": rt.ClientID, "subscriptions": topics})
	sub, err := http.NewRequest(http.MethodPost, base+"/api/realtime", bytes.NewReader(body))
	if err != nil {
		t.Fatalf("realtime subscribe request: %v", err)
	}
	sub.Header.Set("Content-Type", "application/json")
	if token != "" {
		sub.Header.Set("Authorization", token)
	}
	sres, err := http.DefaultClient.Do(sub)
	if err != nil {
		t.Fatalf("realtime subscribe: %v", err)
	}
	defer sres.Body.Close()
	raw, _ := io.ReadAll(sres.Body)
	return rt, sres.StatusCode, string(raw)
}

// read parses the SSE stream: "event:" and "data:" lines, a blank line
// ending each event.
func (rt *Realtime) read(body io.Reader, connected chan<- string) {
	sc := bufio.NewScanner(body)
	sc.Buffer(make([]byte, 64*1024), 4*1024*1024)
	var topic, data string
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "event:"):
			topic = strings.TrimSpace(strings.TrimPrefix(line, "event:"))
		case strings.HasPrefix(line, "data:"):
			data += strings.TrimPrefix(line, "data:")
		case line == "":
			if topic == "" && data == "" {
				continue
			}
			ev := RealtimeEvent{Topic: topic}
			_ = json.Unmarshal([]byte(data), &ev.Data)
			topic, data = "", ""
			if ev.Topic == "PB_CONNECT" {
				id, _ := ev.Data["clientId"].(string)
				select {
				case connected <- id:
				default:
				}
				continue
			}
			select {
			case rt.events <- ev:
			default:
			}
		}
	}
	close(rt.events)
}

// Next waits up to within for the next event; ok is false if none came
// (or the stream closed).
func (rt *Realtime) Next(within time.Duration) (RealtimeEvent, bool) {
	timer := time.NewTimer(within)
	defer timer.Stop()
	select {
	case ev, ok := <-rt.events:
		return ev, ok
	case <-timer.C:
		return RealtimeEvent{}, false
	}
}

// Close ends the stream.
func (rt *Realtime) Close() { rt.cancel() }
