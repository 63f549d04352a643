package seed

import (
	"fmt"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/lifecycle"
	"github.com/studio/studio/internal/model"
	"github.com/studio/studio/internal/settings"
)

// sessionSpec is one demo session, placed relative to the seeding day.
type sessionSpec struct {
	code, status, kind, client string
	days, hour, hours          int
	room, location             string
	photographers              []string
	editor                     string
	lines                      map[string]float64
	// underway places the session so that it started an hour ago (days
	// and hour are ignored): a photographer can mark it attended today.
	underway bool
}

func (s *seeder) sessionSpecs() []sessionSpec {
	p1, p2 := "photographer@studio.local", "photographer2@studio.local"
	return []sessionSpec{
		{code: "S-DEMO-001", status: domain.StatusRequest, kind: domain.SessionTypeStudio, client: "maria.lopez@example.com", days: 20, hour: 10, hours: 2, room: "R-MAIN"},
		{code: "S-DEMO-002", status: domain.StatusNegotiation, kind: domain.SessionTypeExternal, client: "eventos@colegio.example.com", days: 30, hour: 8, hours: 6, location: "Antigua Guatemala",
			lines: map[string]float64{"HR-PHOTO": 6, "DIG-10": 3}},
		{code: "S-DEMO-003", status: domain.StatusPreScheduled, kind: domain.SessionTypeStudio, client: "jose.perez@example.com", days: 15, hour: 15, hours: 2, room: "R-SET2",
			lines: map[string]float64{"DIG-10": 1, "PRT-8X10": 2}},
		{code: "S-DEMO-004", status: domain.StatusConfirmed, kind: domain.SessionTypeStudio, client: "lucia.garcia@example.com", days: 12, hour: 9, hours: 3, room: "R-MAIN",
			lines: map[string]float64{"DIG-10": 2}},
		{code: "S-DEMO-005", status: domain.StatusAssigned, kind: domain.SessionTypeExternal, client: "rrhh@empresa.example.com", days: 3, hour: 18, hours: 4, location: "Hotel Real, Zona 10",
			photographers: []string{p1, p2}, lines: map[string]float64{"HR-PHOTO": 4, "VID-HR": 2}},
		{code: "S-DEMO-006", status: domain.StatusAttended, kind: domain.SessionTypeStudio, client: "maria.lopez@example.com", days: -2, hour: 11, hours: 2, room: "R-SET2",
			photographers: []string{p1}, lines: map[string]float64{"DIG-10": 1}},
		{code: "S-DEMO-007", status: domain.StatusInEditing, kind: domain.SessionTypeStudio, client: "jose.perez@example.com", days: -6, hour: 10, hours: 2, room: "R-MAIN",
			photographers: []string{p2}, editor: "editor@studio.local", lines: map[string]float64{"DIG-10": 1, "ALB-20": 1}},
		{code: "S-DEMO-008", status: domain.StatusReadyForDelivery, kind: domain.SessionTypeExternal, client: "eventos@colegio.example.com", days: -12, hour: 9, hours: 5, location: "Colegio San Marcos",
			photographers: []string{p1}, editor: "editor2@studio.local", lines: map[string]float64{"HR-PHOTO": 5}},
		{code: "S-DEMO-009", status: domain.StatusCompleted, kind: domain.SessionTypeStudio, client: "lucia.garcia@example.com", days: -25, hour: 16, hours: 2, room: "R-MAIN",
			photographers: []string{p2}, editor: "editor@studio.local", lines: map[string]float64{"DIG-10": 1, "PRT-8X10": 4}},
		{code: "S-DEMO-010", status: domain.StatusCanceled, kind: domain.SessionTypeStudio, client: "jose.perez@example.com", days: 9, hour: 10, hours: 1, room: "R-SET2"},
		// A day's work: a session under way now, and a confirmed one whose
		// changes deadline has passed, ready to be assigned.
		{code: "S-DEMO-011", status: domain.StatusAssigned, kind: domain.SessionTypeStudio, client: "lucia.garcia@example.com", underway: true, hours: 3, room: "R-MAIN",
			photographers: []string{p1}, lines: map[string]float64{"DIG-10": 1, "PRT-8X10": 1}},
		{code: "S-DEMO-012", status: domain.StatusConfirmed, kind: domain.SessionTypeStudio, client: "maria.lopez@example.com", days: 2, hour: 10, hours: 2, room: "R-SET2",
			photographers: []string{p2}, lines: map[string]float64{"DIG-10": 1}},
	}
}

// asOf runs create with the app's clock set to at and then put back: a
// session that is under way now was booked (and moved through its states)
// before it started, when its date was still in the future.
func (s *seeder) asOf(at time.Time, create func() error) func() error {
	return func() error {
		restore := settings.SwapClock(s.app, func() time.Time { return at })
		defer restore()
		return create()
	}
}

// demoKey marks a demo session in its event_description: the seed finds
// it again by this key (codes are assigned by the studio).
func demoKey(spec sessionSpec) string { return "Demo session " + spec.code }

// sessions creates the demo sessions with their lines and assignments and
// brings each to its state through the state machine (lifecycle.Replay:
// the system, steps dated when they would have happened, deposits and
// balances paid on the way).
func (s *seeder) sessions() error {
	st, err := settings.Load(s.app)
	if err != nil {
		return err
	}
	loc := st.Location()
	today := s.now.In(loc)
	for _, spec := range s.sessionSpecs() {
		if _, err := s.app.FindFirstRecordByData(model.Sessions, "event_description", demoKey(spec)); err == nil {
			continue
		}
		day := time.Date(today.Year(), today.Month(), today.Day(), spec.hour, 0, 0, 0, loc).AddDate(0, 0, spec.days)
		create := func() error { return s.session(spec, day, day.Add(time.Duration(spec.hours)*time.Hour)) }
		if spec.underway {
			day = today.Add(-time.Hour).Truncate(time.Minute)
			create = s.asOf(day.Add(-24*time.Hour), create)
		}
		if err := create(); err != nil {
			return fmt.Errorf("seed session %s: %w", spec.code, err)
		}
	}
	return nil
}

func (s *seeder) session(spec sessionSpec, start, end time.Time) error {
	c, err := s.app.FindCollectionByNameOrId(model.Sessions)
	if err != nil {
		return err
	}
	r := core.NewRecord(c)
	r.Set("client", s.clientBy[spec.client].Id)
	r.Set("session_type", spec.kind)
	r.Set("starts_at", start.UTC())
	r.Set("ends_at", end.UTC())
	r.Set("location", spec.location)
	if spec.room != "" {
		r.Set("room", s.rooms[spec.room].Id)
	}
	r.Set("event_description", demoKey(spec))
	r.Set("deposit_percentage", 50)
	r.Set("created_by", s.users["coordinator@studio.local"].Id)
	setUp := func(tx core.App, r *core.Record) error {
		if err := s.lines(tx, r, spec); err != nil {
			return err
		}
		for i, email := range spec.photographers {
			if err := s.assign(tx, r, s.users[email], start, end, i == 0); err != nil {
				return err
			}
		}
		return nil
	}
	prepare := func(tx core.App, r *core.Record, to string, in *lifecycle.Input) error {
		switch to {
		case domain.StatusNegotiation:
			if lifecycle.Attended(spec.status) {
				return setUp(tx, r) // a retroactive entry is created and replayed at once
			}
		case domain.StatusInEditing:
			in.Editor = s.users[spec.editor].Id
		case domain.StatusCanceled:
			in.Reason, in.Initiator = "Client changed plans", domain.InitiatorClient
		}
		return nil
	}
	if lifecycle.Attended(spec.status) {
		_, err = lifecycle.EnterRetroactive(s.app, r, spec.status, prepare)
		return err
	}
	if err := s.app.Save(r); err != nil {
		return err
	}
	if err := setUp(s.app, r); err != nil {
		return err
	}
	_, err = lifecycle.Replay(s.app, r.Id, spec.status, prepare)
	return err
}

func (s *seeder) lines(tx core.App, session *core.Record, spec sessionSpec) error {
	c, err := tx.FindCollectionByNameOrId(model.SessionLines)
	if err != nil {
		return err
	}
	for i, code := range sortedKeys(spec.lines) {
		item := s.items[code]
		l := core.NewRecord(c)
		l.Set("session", session.Id)
		l.Set("line_type", domain.LineItem)
		l.Set("reference_type", domain.LineItem)
		l.Set("reference_id", item.Id)
		l.Set("item_code", code)
		l.Set("item_name", item.GetString("name"))
		l.Set("quantity", spec.lines[code])
		l.Set("unit_price", item.GetFloat("unit_price"))
		l.Set("display_order", i+1)
		l.Set("added_by", s.users["coordinator@studio.local"].Id)
		if err := tx.Save(l); err != nil {
			return err
		}
	}
	return nil
}

func (s *seeder) assign(tx core.App, session, photographer *core.Record, start, end time.Time, lead bool) error {
	c, err := tx.FindCollectionByNameOrId(model.SessionPhotographers)
	if err != nil {
		return err
	}
	a := core.NewRecord(c)
	a.Set("session", session.Id)
	a.Set("photographer", photographer.Id)
	a.Set("coverage_start", start.Add(-time.Hour).UTC())
	a.Set("coverage_end", end.Add(time.Hour).UTC())
	a.Set("is_lead", lead)
	a.Set("assignment_status", domain.AssignmentAssigned)
	a.Set("created_by", s.users["coordinator@studio.local"].Id)
	return tx.Save(a)
}
