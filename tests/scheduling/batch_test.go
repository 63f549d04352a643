package scheduling

import (
	"net/http"
	"sync"
	"testing"

	"github.com/pocketbase/dbx"

	"github.com/studio/studio/internal/domain"
	ta "github.com/studio/studio/internal/testapp"
)

func sessionRequest(w *world, a, b float64) map[string]any {
	return map[string]any{"method": http.MethodPost, "url": "/api/collections/sessions/records", "body": map[string]any{
		"client": w.client.Id, "session_type": domain.SessionTypeStudio, "room": w.room.Id, "starts_at": h(a), "ends_at": h(b)}}
}

// TestBatchHoldsTheRules: the batch API runs the same model hooks inside
// its transaction, so a batch that double-books a room is refused whole,
// and concurrent batches for one slot leave exactly one winner.
func TestBatchHoldsTheRules(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	tok := w.tok["coordinator"]
	r := ta.Do(t, http.MethodPost, w.base+"/api/batch", tok, map[string]any{"requests": []any{sessionRequest(w, 10, 12), sessionRequest(w, 11, 13)}})
	expect(t, r, http.StatusBadRequest, "", "")
	// The failing sub-request (index 1) carries the docs/rules.md §10 status and code.
	failed, _ := r.Body["data"].(map[string]any)["requests"].(map[string]any)["1"].(map[string]any)
	response, _ := failed["response"].(map[string]any)
	room, _ := response["data"].(map[string]any)["room"].(map[string]any)
	if response["status"] != float64(http.StatusConflict) || room["code"] != domain.CodeRoomNotAvailable {
		t.Fatalf("the batch should name ROOM_NOT_AVAILABLE (409) for request 1: %s", r.Raw)
	}
	if n, _ := w.app.CountRecords("sessions", dbx.HashExp{"room": w.room.Id}); n != 0 {
		t.Fatalf("a refused batch left %d sessions", n)
	}

	var wg sync.WaitGroup
	start := make(chan struct{})
	results := make([]outcome, raceN)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			results[i] = send(http.MethodPost, w.base+"/api/batch", tok, map[string]any{"requests": []any{sessionRequest(w, 20+float64(i)/60, 21+float64(i)/60)}})
		}()
	}
	close(start)
	wg.Wait()
	ok := 0
	for _, o := range results {
		if o.err != nil {
			t.Fatal(o.err)
		}
		if o.status == http.StatusOK {
			ok++
		}
	}
	if n, _ := w.app.CountRecords("sessions", dbx.HashExp{"room": w.room.Id}); ok != 1 || n != 1 {
		t.Fatalf("%d batches succeeded and %d sessions hold the room, want 1 and 1", ok, n)
	}
}
