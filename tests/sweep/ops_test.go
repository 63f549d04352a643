package sweep

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
)

const (
	records  = "/api/collections/"
	sessions = records + "sessions/records"
	linesAPI = records + "session_lines/records"
	payAPI   = records + "session_payments/records"
	assignAP = records + "session_photographers/records"
	usersAPI = records + "users/records"
	roomsAPI = records + "rooms/records"
)

func sortStrings(s []string) { sort.Strings(s) }

// slot is a start on a coarse grid (few days, three times a day), so that
// bookings collide often.
func (s *studio) slot(r *rand.Rand) (time.Time, time.Time) {
	day := s.now().Truncate(24*time.Hour).AddDate(0, 0, 2+r.IntN(20))
	start := day.Add(time.Duration(14+2*r.IntN(3)) * time.Hour)
	return start, start.Add(time.Duration(1+r.IntN(3)) * time.Hour)
}

// amount is a random amount, sent as a JSON number or a string.
func amount(r *rand.Rand, max int) any {
	cents := 1 + r.IntN(max*100)
	if r.IntN(2) == 0 {
		return float64(cents) / 100
	}
	return fmt.Sprintf("%d.%02d", cents/100, cents%100)
}

// randomOp runs one random operation as role.
func (s *studio) randomOp(r *rand.Rand, role string) {
	switch k := r.IntN(100); {
	case k < 12:
		s.createSession(r, role)
	case k < 24:
		s.addLine(r, role)
	case k < 30:
		s.changeLine(r, role)
	case k < 38:
		s.editSession(r, role)
	case k < 56:
		s.transition(r, role)
	case k < 70:
		s.pay(r, role)
	case k < 76:
		s.changePayment(r, role)
	case k < 86:
		s.assign(r, role)
	case k < 91:
		s.changeAssignment(r, role)
	case k < 93:
		s.adminOp(r, role)
	case k < 97:
		from, to := s.slot(r)
		s.do("availability", http.MethodGet, fmt.Sprintf("/api/studio/availability?starts_at=%s&ends_at=%s",
			from.Format(time.RFC3339), to.Format(time.RFC3339)), role, nil)
	default:
		s.clock.Add(int64(time.Duration(1+r.IntN(12)) * time.Hour))
	}
}

func (s *studio) createSession(r *rand.Rand, role string) {
	start, end := s.slot(r)
	body := map[string]any{"client": pick(r, s.clients), "session_type": domain.SessionTypeStudio, "starts_at": start, "ends_at": end}
	if r.IntN(3) == 0 {
		body["session_type"] = domain.SessionTypeExternal
		body["location"] = "Antigua"
		body["transportation_cost"] = float64(r.IntN(3) * 100)
	} else if r.IntN(4) != 0 {
		body["room"] = pick(r, s.rooms)
	}
	a := s.do("create session", http.MethodPost, sessions, role, body)
	if a.status == http.StatusOK {
		s.remember(&s.sessions, a.id())
	}
}

func (s *studio) addLine(r *rand.Rand, role string) {
	id := s.pickID(r, &s.sessions)
	body := map[string]any{"quantity": 1 + r.IntN(3)}
	if r.IntN(3) == 0 {
		body["package"] = pick(r, s.packages)
	} else {
		body["item"] = pick(r, s.items)
	}
	a := s.do("add line", http.MethodPost, "/api/studio/sessions/"+id+"/lines", role, body)
	if lines, ok := a.body["lines"].([]any); ok {
		for _, l := range lines {
			if m, ok := l.(map[string]any); ok {
				s.remember(&s.lines, fmt.Sprint(m["id"]))
			}
		}
	}
}

func (s *studio) changeLine(r *rand.Rand, role string) {
	id := s.pickID(r, &s.lines)
	if r.IntN(2) == 0 {
		s.do("delete line", http.MethodDelete, linesAPI+"/"+id, role, nil)
		return
	}
	s.do("line quantity", http.MethodPatch, linesAPI+"/"+id, role, map[string]any{"quantity": 1 + r.IntN(4)})
}

func (s *studio) editSession(r *rand.Rand, role string) {
	id := s.pickID(r, &s.sessions)
	var body map[string]any
	switch r.IntN(4) {
	case 0:
		body = map[string]any{"discount": float64(r.IntN(2000))}
	case 1:
		body = map[string]any{"transportation_cost": float64(r.IntN(4) * 50)}
	case 2:
		start, end := s.slot(r)
		body = map[string]any{"starts_at": start, "ends_at": end}
	default:
		body = map[string]any{"room": pick(r, s.rooms)}
	}
	s.do("edit session", http.MethodPatch, sessions+"/"+id, role, body)
}

// transition moves one of three random sessions, the furthest along,
// mostly to its next state, sometimes to a random one or Canceled.
func (s *studio) transition(r *rand.Rand, role string) {
	var rec *core.Record
	for range 3 {
		cand, err := s.app.FindRecordById("sessions", s.pickID(r, &s.sessions))
		if err == nil && (rec == nil || slices.Index(domain.SessionStatuses, cand.GetString("status")) > slices.Index(domain.SessionStatuses, rec.GetString("status"))) {
			rec = cand
		}
	}
	if rec == nil {
		return
	}
	id := rec.Id
	next := map[string]string{
		domain.StatusRequest: domain.StatusNegotiation, domain.StatusNegotiation: domain.StatusPreScheduled,
		domain.StatusPreScheduled: domain.StatusConfirmed, domain.StatusConfirmed: domain.StatusAssigned,
		domain.StatusAssigned: domain.StatusAttended, domain.StatusAttended: domain.StatusInEditing,
		domain.StatusInEditing: domain.StatusReadyForDelivery, domain.StatusReadyForDelivery: domain.StatusCompleted,
	}
	to := next[rec.GetString("status")]
	switch {
	case to == "" || r.IntN(10) == 0:
		to = pick(r, domain.SessionStatuses)
	case r.IntN(12) == 0:
		to = domain.StatusCanceled
	}
	body := map[string]any{"to": to}
	switch {
	case to == domain.StatusCanceled:
		body["reason"] = pick(r, []string{"Client changed plans", "  ", "Weather"})
		body["initiator"] = pick(r, []string{domain.InitiatorClient, domain.InitiatorCompany, domain.InitiatorForceMajeure, domain.InitiatorSystem})
	case to == domain.StatusAssigned && r.IntN(2) == 0:
		s.prepareAssigned(r, role, id)
	case to == domain.StatusConfirmed && r.IntN(4) != 0:
		due := rec.GetFloat("deposit_amount")
		var amt any = due
		if r.IntN(2) == 0 {
			amt = fmt.Sprintf("%.2f", due+float64(r.IntN(3))*10)
		}
		body["deposit"] = map[string]any{"amount": amt, "document_number": fmt.Sprintf("DEP-%d", r.IntN(1e6))}
	}
	if r.IntN(3) == 0 {
		s.do("status patch", http.MethodPatch, sessions+"/"+id, role, map[string]any{"status": to,
			"cancellation_reason": body["reason"], "cancellation_initiator": body["initiator"]})
		return
	}
	s.do("transition", http.MethodPost, "/api/studio/sessions/"+id+"/transitions", role, body)
}

func (s *studio) pay(r *rand.Rand, role string) {
	id := s.pickID(r, &s.sessions)
	kind := pick(r, []string{domain.PaymentDeposit, domain.PaymentBalance, domain.PaymentBalance, domain.PaymentRefund})
	status := pick(r, []string{domain.PaymentPending, domain.PaymentVerified, domain.PaymentVerified, domain.PaymentRejected})
	a := s.do("create payment", http.MethodPost, payAPI, role, map[string]any{
		"session": id, "payment_type": kind, "amount": amount(r, 1500), "document_number": fmt.Sprintf("DOC-%d", r.IntN(1e6)),
		"method": "Cash", "payment_date": s.now(), "payment_status": status,
	})
	if a.status == http.StatusOK {
		s.remember(&s.payments, a.id())
	}
}

func (s *studio) changePayment(r *rand.Rand, role string) {
	id := s.pickID(r, &s.payments)
	switch r.IntN(3) {
	case 0:
		s.do("delete payment", http.MethodDelete, payAPI+"/"+id, role, nil)
	case 1:
		s.do("payment status", http.MethodPatch, payAPI+"/"+id, role, map[string]any{
			"payment_status": pick(r, []string{domain.PaymentVerified, domain.PaymentRejected, domain.PaymentPending})})
	default:
		s.do("payment amount", http.MethodPatch, payAPI+"/"+id, role, map[string]any{"amount": amount(r, 1500)})
	}
}

func (s *studio) assign(r *rand.Rand, role string) {
	id := s.pickID(r, &s.sessions)
	rec, err := s.app.FindRecordById("sessions", id)
	if err != nil {
		return
	}
	travel := time.Duration(r.IntN(3)) * 30 * time.Minute
	a := s.do("create assignment", http.MethodPost, assignAP, role, map[string]any{
		"session": id, "photographer": pick(r, s.photographers).Id, "is_lead": r.IntN(3) == 0,
		"coverage_start": rec.GetDateTime("starts_at").Time().Add(-travel), "coverage_end": rec.GetDateTime("ends_at").Time().Add(travel),
		"assignment_status": pick(r, []string{domain.AssignmentAssigned, domain.AssignmentAssigned, domain.AssignmentConfirmed, domain.AssignmentReassigned}),
	})
	if a.status == http.StatusOK {
		s.remember(&s.assigns, a.id())
	}
}

func (s *studio) changeAssignment(r *rand.Rand, role string) {
	id := s.pickID(r, &s.assigns)
	switch r.IntN(4) {
	case 0:
		s.do("assignment status", http.MethodPatch, assignAP+"/"+id, role, map[string]any{
			"assignment_status": pick(r, []string{domain.AssignmentAssigned, domain.AssignmentConfirmed, domain.AssignmentReassigned})})
	case 1:
		s.do("assignment photographer", http.MethodPatch, assignAP+"/"+id, role, map[string]any{"photographer": pick(r, s.photographers).Id})
	case 2:
		s.do("delete assignment", http.MethodDelete, assignAP+"/"+id, role, nil)
	default:
		rec, err := s.app.FindRecordById("session_photographers", id)
		if err != nil {
			return
		}
		a := s.do("reassign", http.MethodPost, "/api/studio/sessions/"+rec.GetString("session")+"/photographers/"+id+"/reassign", role,
			map[string]any{"photographer": pick(r, s.photographers).Id})
		if assignment, ok := a.body["assignment"].(map[string]any); ok {
			s.remember(&s.assigns, fmt.Sprint(assignment["id"]))
		}
	}
}

// adminOp deactivates, reactivates, demotes or promotes one of the extra
// photographers, or changes a room's status.
func (s *studio) adminOp(r *rand.Rand, role string) {
	u := pick(r, s.extraPhotographers)
	switch r.IntN(5) {
	case 0:
		s.do("deactivate user", http.MethodDelete, usersAPI+"/"+u.Id, role, nil)
	case 1:
		s.do("reactivate user", http.MethodPatch, usersAPI+"/"+u.Id, role, map[string]any{"status": domain.Active})
	case 2:
		s.do("demote user", http.MethodPatch, usersAPI+"/"+u.Id, role, map[string]any{"roles": []string{s.roleIDs["Editor"]}})
	case 3:
		s.do("promote user", http.MethodPatch, usersAPI+"/"+u.Id, role, map[string]any{"roles": []string{s.roleIDs["Photographer"]}})
	default:
		s.do("room status", http.MethodPatch, roomsAPI+"/"+pick(r, s.rooms), role, map[string]any{
			"status": pick(r, []string{domain.Active, domain.Active, domain.Maintenance, domain.Inactive})})
	}
}

// burst runs n operations at once that compete for one thing: a room
// slot, a photographer's time, one session's payments or its status.
func (s *studio) burst(r *rand.Rand, n int) {
	start, end := s.slot(r)
	room, photographer := pick(r, s.rooms[:3]), pick(r, s.photographers[:2]).Id
	session := s.pickID(r, &s.sessions)
	kind := r.IntN(4)
	var wg sync.WaitGroup
	for g := range n {
		gr := rand.New(rand.NewPCG(r.Uint64(), uint64(g)))
		wg.Add(1)
		go func() {
			defer wg.Done()
			role := pick(gr, []string{"admin", "coordinator", "superuser"})
			switch kind {
			case 0:
				a := s.do("burst: book room", http.MethodPost, sessions, role, map[string]any{"client": pick(gr, s.clients),
					"session_type": domain.SessionTypeStudio, "room": room, "starts_at": start, "ends_at": end})
				if a.status == http.StatusOK {
					s.remember(&s.sessions, a.id())
				}
			case 1:
				target := s.pickID(gr, &s.sessions)
				rec, err := s.app.FindRecordById("sessions", target)
				if err != nil {
					return
				}
				a := s.do("burst: assign photographer", http.MethodPost, assignAP, role, map[string]any{"session": target, "photographer": photographer,
					"coverage_start": rec.GetDateTime("starts_at"), "coverage_end": rec.GetDateTime("ends_at")})
				if a.status == http.StatusOK {
					s.remember(&s.assigns, a.id())
				}
			case 2:
				a := s.do("burst: pay", http.MethodPost, payAPI, role, map[string]any{"session": session,
					"payment_type": pick(gr, []string{domain.PaymentDeposit, domain.PaymentBalance}), "amount": amount(gr, 800),
					"document_number": "BURST", "method": "Cash", "payment_date": s.now(), "payment_status": domain.PaymentVerified})
				if a.status == http.StatusOK {
					s.remember(&s.payments, a.id())
				}
			default:
				s.transition(gr, role)
				s.changeLine(gr, role)
			}
		}()
	}
	wg.Wait()
}

// prepareAssigned gives a session what Confirmed → Assigned needs, as
// role: a room when it is a Studio session without one, and a
// photographer.
func (s *studio) prepareAssigned(r *rand.Rand, role, id string) {
	rec, err := s.app.FindRecordById("sessions", id)
	if err != nil {
		return
	}
	if rec.GetString("session_type") == domain.SessionTypeStudio && rec.GetString("room") == "" {
		s.do("edit session", http.MethodPatch, sessions+"/"+id, role, map[string]any{"room": pick(r, s.rooms)})
	}
	a := s.do("create assignment", http.MethodPost, assignAP, role, map[string]any{
		"session": id, "photographer": pick(r, s.photographers).Id,
		"coverage_start": rec.GetDateTime("starts_at"), "coverage_end": rec.GetDateTime("ends_at"),
	})
	if a.status == http.StatusOK {
		s.remember(&s.assigns, a.id())
	}
}
