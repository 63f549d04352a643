package scheduling

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"sync"
	"testing"

	"github.com/studio/studio/internal/domain"
)

// raceN is how many requests compete for one slot.
const raceN = 50

type outcome struct {
	status int
	code   string
	err    error
}

// race sends the n bodies at once (released together) and tallies the
// answers by status and code.
func race(t *testing.T, url, token string, bodies []map[string]any) map[string]int {
	t.Helper()
	var wg sync.WaitGroup
	start := make(chan struct{})
	results := make([]outcome, len(bodies))
	for i, b := range bodies {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			results[i] = send(http.MethodPost, url, token, b)
		}()
	}
	close(start)
	wg.Wait()
	tally := map[string]int{}
	for _, r := range results {
		if r.err != nil {
			t.Fatalf("request failed: %v", r.err)
		}
		key := http.StatusText(r.status)
		if r.status != http.StatusOK {
			key += " " + r.code
		}
		tally[key]++
	}
	return tally
}

func TestRaceOnePhotographerFiftySessions(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	p := w.staff.Photographer
	bodies := make([]map[string]any, raceN)
	for i := range bodies {
		// 50 sessions that all overlap 10:00-11:00 (each shifted by a minute).
		s := w.session(t, nil, 10+float64(i)/60, 12+float64(i)/60, domain.StatusConfirmed)
		bodies[i] = map[string]any{"session": s.Id, "photographer": p.Id, "coverage_start": s.GetDateTime("starts_at"), "coverage_end": s.GetDateTime("ends_at")}
	}
	tally := race(t, w.records("session_photographers"), w.tok["coordinator"], bodies)
	if tally["OK"] != 1 || tally["Conflict "+domain.CodePhotographerNotAvailable] != raceN-1 {
		t.Fatalf("answers %v, want 1 OK and %d PHOTOGRAPHER_NOT_AVAILABLE", tally, raceN-1)
	}
	var held, overlaps int
	if err := w.app.DB().NewQuery(`SELECT COUNT(*) FROM session_photographers WHERE photographer = {:p}`).Bind(map[string]any{"p": p.Id}).Row(&held); err != nil {
		t.Fatal(err)
	}
	if err := w.app.DB().NewQuery(`SELECT COUNT(*) FROM session_photographers a JOIN session_photographers b
		ON a.photographer = b.photographer AND a.id < b.id AND a.session != b.session
		AND a.coverage_start < b.coverage_end AND b.coverage_start < a.coverage_end
		JOIN sessions sa ON sa.id = a.session JOIN sessions sb ON sb.id = b.session
		WHERE a.assignment_status != 'Reassigned' AND b.assignment_status != 'Reassigned'
		AND sa.status NOT IN ('Canceled', 'Completed') AND sb.status NOT IN ('Canceled', 'Completed')`).Row(&overlaps); err != nil {
		t.Fatal(err)
	}
	if held != 1 || overlaps != 0 {
		t.Fatalf("database holds %d assignments of the photographer and %d overlaps", held, overlaps)
	}
}

func TestRaceOneRoomFiftyBookings(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	bodies := make([]map[string]any, raceN)
	for i := range bodies {
		bodies[i] = map[string]any{"client": w.client.Id, "session_type": domain.SessionTypeStudio, "room": w.room.Id,
			"starts_at": h(10 + float64(i)/60), "ends_at": h(11 + float64(i)/60)}
	}
	tally := race(t, w.records("sessions"), w.tok["coordinator"], bodies)
	if tally["OK"] != 1 || tally["Conflict "+domain.CodeRoomNotAvailable] != raceN-1 {
		t.Fatalf("answers %v, want 1 OK and %d ROOM_NOT_AVAILABLE", tally, raceN-1)
	}

	// The same race through PATCHes: 50 sessions elsewhere all moved into the room's free afternoon.
	patch := make([]string, raceN)
	for i := range patch {
		patch[i] = w.session(t, nil, 14+float64(i)/60, 15+float64(i)/60, domain.StatusRequest).Id
	}
	var wg sync.WaitGroup
	start := make(chan struct{})
	results := make([]outcome, raceN)
	for i, id := range patch {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			results[i] = send(http.MethodPatch, w.records("sessions")+"/"+id, w.tok["coordinator"], map[string]any{"room": w.room.Id})
		}()
	}
	close(start)
	wg.Wait()
	ok, conflict := 0, 0
	for _, r := range results {
		switch {
		case r.err != nil:
			t.Fatal(r.err)
		case r.status == http.StatusOK:
			ok++
		case r.status == http.StatusConflict && r.code == domain.CodeRoomNotAvailable:
			conflict++
		}
	}
	if ok != 1 || conflict != raceN-1 {
		t.Fatalf("PATCH race: %d OK, %d ROOM_NOT_AVAILABLE", ok, conflict)
	}

	var booked, overlaps int
	if err := w.app.DB().NewQuery(`SELECT COUNT(*) FROM sessions WHERE room = {:r}`).Bind(map[string]any{"r": w.room.Id}).Row(&booked); err != nil {
		t.Fatal(err)
	}
	if err := w.app.DB().NewQuery(`SELECT COUNT(*) FROM sessions a JOIN sessions b ON a.room = b.room AND a.id < b.id
		AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at
		WHERE a.room != '' AND a.status NOT IN ('Canceled', 'Completed') AND b.status NOT IN ('Canceled', 'Completed')`).Row(&overlaps); err != nil {
		t.Fatal(err)
	}
	if booked != 2 || overlaps != 0 {
		t.Fatalf("database holds %d sessions in the room and %d overlaps", booked, overlaps)
	}
}

// send sends one JSON request and reads the status and the error code;
// safe to call from any goroutine.
func send(method, url, token string, body any) outcome {
	b, _ := json.Marshal(body)
	req, err := http.NewRequest(method, url, bytes.NewReader(b))
	if err != nil {
		return outcome{err: err}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return outcome{err: err}
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var parsed struct {
		Data map[string]struct {
			Code string `json:"code"`
		} `json:"data"`
	}
	_ = json.Unmarshal(raw, &parsed)
	o := outcome{status: res.StatusCode}
	for _, f := range parsed.Data {
		o.code = f.Code
	}
	return o
}
