package mirror_test

import (
	"fmt"
	"math/rand"
	"net/http"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	ta "github.com/studio/studio/internal/testapp"
)

// world is a served studio (its clock at the wall clock's hour: status
// history is stamped by the wall clock, and the reports compare the two) with staff, catalog and clients, and a random
// operator that works on it through the HTTP API.
type world struct {
	e        *env
	base     string
	rng      *rand.Rand
	now      time.Time
	admin    string
	coord    string
	staff    *ta.Staff
	clients  []*core.Record
	items    []*core.Record
	pkg      *core.Record
	sessions []string
	slot     int
	// done counts the operations the API accepted, by name.
	done map[string]int
}

func newWorld(t testing.TB, e *env, seed int64) *world {
	t.Helper()
	w := &world{e: e, rng: rand.New(rand.NewSource(seed)), now: time.Now().UTC().Truncate(time.Hour), done: map[string]int{}}
	ta.SetNow(e.app, w.now)
	w.staff = ta.NewStaff(t, e.app)
	w.admin, w.coord = ta.Token(t, w.staff.Admin), ta.Token(t, w.staff.Coordinator)
	for i := 0; i < 4; i++ {
		w.clients = append(w.clients, ta.Client(t, e.app, nil))
	}
	w.items = []*core.Record{
		ta.Item(t, e.app, map[string]any{"unit_price": 123.45}),
		ta.Item(t, e.app, map[string]any{"unit_price": 99.99}),
		ta.Item(t, e.app, map[string]any{"unit_price": 0.10}),
	}
	w.pkg = ta.Package(t, e.app, map[string]any{"base_price": 1000.01, "session_type": "Both"}, w.items[0], w.items[1], w.items[2])
	w.base = ta.Serve(t, e.app)
	return w
}

func (w *world) do(t testing.TB, method, path, token string, body any) ta.Response {
	t.Helper()
	return ta.Do(t, method, w.base+path, token, body)
}

func (w *world) ok(name string, r ta.Response) bool {
	if r.Status == http.StatusOK || r.Status == http.StatusNoContent {
		w.done[name]++
		return true
	}
	return false
}

// pick returns a random existing session id ("" when none).
func (w *world) pick() string {
	if len(w.sessions) == 0 {
		return ""
	}
	return w.sessions[w.rng.Intn(len(w.sessions))]
}

// step performs one random operation through the API; refused operations
// (a guard, a conflict) are part of the game and change nothing.
func (w *world) step(t testing.TB) {
	t.Helper()
	switch op := w.rng.Intn(12); {
	case op < 2 || len(w.sessions) == 0:
		w.slot++
		start := w.now.Add(10*24*time.Hour + time.Duration(w.slot)*5*time.Hour)
		body := map[string]any{"client": w.clients[w.rng.Intn(len(w.clients))].Id, "session_type": "Studio",
			"starts_at": start, "ends_at": start.Add(2 * time.Hour), "event_description": fmt.Sprintf("Event %d", w.slot)}
		if w.rng.Intn(3) == 0 {
			body["session_type"], body["location"] = "External", "Antigua Guatemala"
		}
		if r := w.do(t, "POST", "/api/collections/sessions/records", w.coord, body); w.ok("create session", r) {
			w.sessions = append(w.sessions, r.Body["id"].(string))
		}
	case op < 4:
		body := map[string]any{"item": w.items[w.rng.Intn(len(w.items))].Id, "quantity": 1 + w.rng.Intn(3)}
		if w.rng.Intn(4) == 0 {
			body = map[string]any{"package": w.pkg.Id}
		}
		w.ok("add line", w.do(t, "POST", "/api/studio/sessions/"+w.pick()+"/lines", w.coord, body))
	case op < 6:
		w.advance(t, w.pick())
	case op == 6:
		body := map[string]any{"to": domain.StatusCanceled, "reason": "Client changed plans",
			"initiator": []string{domain.InitiatorClient, domain.InitiatorCompany}[w.rng.Intn(2)]}
		w.ok("cancel", w.do(t, "POST", "/api/studio/sessions/"+w.pick()+"/transitions", w.coord, body))
	case op == 7:
		amount := []float64{50, 10.05, 0.01, 333.33}[w.rng.Intn(4)]
		body := map[string]any{"session": w.pick(), "payment_type": domain.PaymentBalance, "amount": amount,
			"document_number": ta.Unique("DOC-"), "method": "Cash", "payment_date": w.now,
			"payment_status": []string{domain.PaymentPending, domain.PaymentVerified}[w.rng.Intn(2)]}
		w.ok("payment", w.do(t, "POST", "/api/collections/session_payments/records", w.coord, body))
	case op == 8:
		body := map[string]any{"special_notes": ta.Unique("note "), "discount": []float64{0, 5.5, 12.34}[w.rng.Intn(3)]}
		w.ok("edit session", w.do(t, "PATCH", "/api/collections/sessions/records/"+w.pick(), w.coord, body))
	case op == 9:
		id := w.pick()
		s, err := w.e.app.FindRecordById("sessions", id)
		if err != nil {
			return
		}
		start := s.GetDateTime("starts_at").Time()
		body := map[string]any{"session": id, "photographer": []string{w.staff.Photographer.Id, w.staff.Photographer2.Id}[w.rng.Intn(2)],
			"coverage_start": start, "coverage_end": start.Add(2 * time.Hour)}
		w.ok("assign", w.do(t, "POST", "/api/collections/session_photographers/records", w.coord, body))
	case op == 10:
		lines, err := w.e.app.FindRecordsByFilter("session_lines", "session = {:s}", "", 1, 0, map[string]any{"s": w.pick()})
		if err != nil || len(lines) == 0 {
			return
		}
		w.ok("delete line", w.do(t, "DELETE", "/api/collections/session_lines/records/"+lines[0].Id, w.coord, nil))
	default:
		if w.rng.Intn(2) == 0 {
			c := w.clients[w.rng.Intn(len(w.clients))]
			w.ok("edit client", w.do(t, "PATCH", "/api/collections/clients/records/"+c.Id, w.coord,
				map[string]any{"primary_phone": ta.Unique("+502 "), "notes": "private"}))
			return
		}
		id := w.pick()
		if w.ok("delete session", w.do(t, "DELETE", "/api/collections/sessions/records/"+id, w.admin, nil)) {
			for i, s := range w.sessions {
				if s == id {
					w.sessions = append(w.sessions[:i], w.sessions[i+1:]...)
					break
				}
			}
		}
	}
}

// advance moves a session one step along Request → Negotiation →
// Pre-scheduled → Confirmed (paying the deposit with the confirmation).
func (w *world) advance(t testing.TB, id string) {
	s, err := w.e.app.FindRecordById("sessions", id)
	if err != nil {
		return
	}
	body := map[string]any{}
	switch s.GetString("status") {
	case domain.StatusRequest:
		body["to"] = domain.StatusNegotiation
	case domain.StatusNegotiation:
		body["to"] = domain.StatusPreScheduled
	case domain.StatusPreScheduled:
		body["to"] = domain.StatusConfirmed
		body["deposit"] = map[string]any{"amount": fmt.Sprintf("%.2f", s.GetFloat("deposit_amount")),
			"document_number": ta.Unique("DEP-"), "method": "Transfer"}
	default:
		return
	}
	w.ok("transition", w.do(t, "POST", "/api/studio/sessions/"+id+"/transitions", w.coord, body))
}
