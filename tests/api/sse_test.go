package api_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	ta "github.com/studio/studio/internal/testapp"
)

// sseEvent is one realtime message.
type sseEvent struct {
	Topic string
	Data  map[string]any
}

// subscriber is a realtime client as the JS SDK runs it: one SSE stream,
// subscriptions posted with the user's token.
type subscriber struct {
	events chan sseEvent
	cancel context.CancelFunc
}

// subscribe opens /api/realtime, waits for PB_CONNECT and subscribes to
// topics with the token.
func subscribe(t *testing.T, base, token string, topics ...string) *subscriber {
	t.Helper()
	s, status, raw := trySubscribe(t, base, token, topics...)
	if status != http.StatusNoContent {
		t.Fatalf("subscribe: %d %s", status, raw)
	}
	return s
}

// subscribeStatus answers the status of the subscription request.
func subscribeStatus(t *testing.T, base, token string, topics ...string) int {
	t.Helper()
	_, status, _ := trySubscribe(t, base, token, topics...)
	return status
}

func trySubscribe(t *testing.T, base, token string, topics ...string) (*subscriber, int, string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/realtime", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		t.Fatalf("realtime connect: %v", err)
	}
	s := &subscriber{events: make(chan sseEvent, 100), cancel: cancel}
	t.Cleanup(func() { cancel(); res.Body.Close() })

	connected := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(res.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		var topic, data string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event:"):
				topic = strings.TrimSpace(strings.TrimPrefix(line, "event:"))
			case strings.HasPrefix(line, "data:"):
				data += strings.TrimSpace(strings.TrimPrefix(line, "data:"))
			case line == "":
				var m map[string]any
				_ = json.Unmarshal([]byte(data), &m)
				if topic == "PB_CONNECT" {
					id, _ := m["clientId"].(string)
					connected <- id
				} else if topic != "" {
					s.events <- sseEvent{Topic: topic, Data: m}
				}
				topic, data = "", ""
			}
		}
	}()

	var clientID string
	select {
	case clientID = <-connected:
	case <-time.After(5 * time.Second):
		t.Fatal("no PB_CONNECT")
	}
	r := ta.Do(t, http.MethodPost, base+"/api/realtime", token, map[string]any{"clientId": clientID, "subscriptions": topics})
	return s, r.Status, r.Raw
}

// collect gathers the events that arrive until quiet passes with none.
func (s *subscriber) collect(quiet time.Duration) []sseEvent {
	var out []sseEvent
	for {
		select {
		case ev := <-s.events:
			out = append(out, ev)
		case <-time.After(quiet):
			return out
		}
	}
}
