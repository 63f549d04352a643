package seed

import (
	"fmt"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/shopspring/decimal"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/money"
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
	depositPaid, balancePaid   bool
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
			lines: map[string]float64{"DIG-10": 2}, depositPaid: true},
		{code: "S-DEMO-005", status: domain.StatusAssigned, kind: domain.SessionTypeExternal, client: "rrhh@empresa.example.com", days: 3, hour: 18, hours: 4, location: "Hotel Real, Zona 10",
			photographers: []string{p1, p2}, lines: map[string]float64{"HR-PHOTO": 4, "VID-HR": 2}, depositPaid: true},
		{code: "S-DEMO-006", status: domain.StatusAttended, kind: domain.SessionTypeStudio, client: "maria.lopez@example.com", days: -2, hour: 11, hours: 2, room: "R-SET2",
			photographers: []string{p1}, lines: map[string]float64{"DIG-10": 1}, depositPaid: true},
		{code: "S-DEMO-007", status: domain.StatusInEditing, kind: domain.SessionTypeStudio, client: "jose.perez@example.com", days: -6, hour: 10, hours: 2, room: "R-MAIN",
			photographers: []string{p2}, editor: "editor@studio.local", lines: map[string]float64{"DIG-10": 1, "ALB-20": 1}, depositPaid: true},
		{code: "S-DEMO-008", status: domain.StatusReadyForDelivery, kind: domain.SessionTypeExternal, client: "eventos@colegio.example.com", days: -12, hour: 9, hours: 5, location: "Colegio San Marcos",
			photographers: []string{p1}, editor: "editor2@studio.local", lines: map[string]float64{"HR-PHOTO": 5}, depositPaid: true},
		{code: "S-DEMO-009", status: domain.StatusCompleted, kind: domain.SessionTypeStudio, client: "lucia.garcia@example.com", days: -25, hour: 16, hours: 2, room: "R-MAIN",
			photographers: []string{p2}, editor: "editor@studio.local", lines: map[string]float64{"DIG-10": 1, "PRT-8X10": 4}, depositPaid: true, balancePaid: true},
		{code: "S-DEMO-010", status: domain.StatusCanceled, kind: domain.SessionTypeStudio, client: "jose.perez@example.com", days: 9, hour: 10, hours: 1, room: "R-SET2"},
	}
}

// sessions creates the demo sessions with their lines, assignments and
// payments, each consistent with its state (totals from lines, deposits
// verified where the state needs them).
func (s *seeder) sessions() error {
	st, err := settings.Load(s.app)
	if err != nil {
		return err
	}
	loc := st.Location()
	today := s.now.In(loc)
	for _, spec := range s.sessionSpecs() {
		if _, err := s.app.FindFirstRecordByData("sessions", "code", spec.code); err == nil {
			continue
		}
		day := time.Date(today.Year(), today.Month(), today.Day(), spec.hour, 0, 0, 0, loc).AddDate(0, 0, spec.days)
		if err := s.session(spec, day, day.Add(time.Duration(spec.hours)*time.Hour)); err != nil {
			return fmt.Errorf("seed session %s: %w", spec.code, err)
		}
	}
	return nil
}

func (s *seeder) session(spec sessionSpec, start, end time.Time) error {
	c, err := s.app.FindCollectionByNameOrId("sessions")
	if err != nil {
		return err
	}
	coordinator := s.users["coordinator@studio.local"]
	r := core.NewRecord(c)
	r.Set("code", spec.code)
	r.Set("client", s.clientBy[spec.client].Id)
	r.Set("session_type", spec.kind)
	r.Set("status", spec.status)
	r.Set("starts_at", start.UTC())
	r.Set("ends_at", end.UTC())
	r.Set("location", spec.location)
	if spec.room != "" {
		r.Set("room", s.rooms[spec.room].Id)
	}
	r.Set("event_description", "Demo session")
	r.Set("deposit_percentage", 50)
	r.Set("created_by", coordinator.Id)
	if spec.editor != "" {
		r.Set("assigned_editor", s.users[spec.editor].Id)
	}
	if spec.status == domain.StatusCanceled {
		r.Set("canceled_at", s.now)
		r.Set("cancellation_reason", "Client changed plans")
		r.Set("cancellation_initiator", domain.InitiatorClient)
	}
	subtotal := decimal.Zero
	for _, code := range sortedKeys(spec.lines) {
		subtotal = subtotal.Add(dec(s.items[code].GetFloat("unit_price")).Mul(decimal.NewFromFloat(spec.lines[code])))
	}
	subtotal = money.Round(subtotal)
	deposit := money.Percent(subtotal, decimal.NewFromInt(50))
	r.Set("subtotal", money.ToStored(subtotal))
	r.Set("total", money.ToStored(subtotal))
	r.Set("deposit_amount", money.ToStored(deposit))
	if err := s.app.Save(r); err != nil {
		return err
	}
	if err := s.lines(r, spec); err != nil {
		return err
	}
	for i, email := range spec.photographers {
		if err := s.assign(r, s.users[email], start, end, i == 0); err != nil {
			return err
		}
	}
	if spec.depositPaid {
		if err := s.payment(r, domain.PaymentDeposit, deposit, spec.code+"-D"); err != nil {
			return err
		}
	}
	if spec.balancePaid {
		return s.payment(r, domain.PaymentBalance, subtotal.Sub(deposit), spec.code+"-B")
	}
	return nil
}

func (s *seeder) lines(session *core.Record, spec sessionSpec) error {
	c, err := s.app.FindCollectionByNameOrId("session_lines")
	if err != nil {
		return err
	}
	for i, code := range sortedKeys(spec.lines) {
		item := s.items[code]
		qty := decimal.NewFromFloat(spec.lines[code])
		l := core.NewRecord(c)
		l.Set("session", session.Id)
		l.Set("line_type", domain.LineItem)
		l.Set("reference_type", domain.LineItem)
		l.Set("reference_id", item.Id)
		l.Set("item_code", code)
		l.Set("item_name", item.GetString("name"))
		l.Set("quantity", qty.InexactFloat64())
		l.Set("unit_price", item.GetFloat("unit_price"))
		l.Set("line_subtotal", money.ToStored(dec(item.GetFloat("unit_price")).Mul(qty)))
		l.Set("display_order", i+1)
		l.Set("added_by", s.users["coordinator@studio.local"].Id)
		if err := s.app.Save(l); err != nil {
			return err
		}
	}
	return nil
}

func (s *seeder) assign(session, photographer *core.Record, start, end time.Time, lead bool) error {
	c, err := s.app.FindCollectionByNameOrId("session_photographers")
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
	a.Set("attended", session.GetString("status") != domain.StatusAssigned)
	a.Set("created_by", s.users["coordinator@studio.local"].Id)
	return s.app.Save(a)
}

func (s *seeder) payment(session *core.Record, kind string, amount decimal.Decimal, doc string) error {
	if !amount.IsPositive() {
		return nil
	}
	c, err := s.app.FindCollectionByNameOrId("session_payments")
	if err != nil {
		return err
	}
	p := core.NewRecord(c)
	p.Set("session", session.Id)
	p.Set("payment_type", kind)
	p.Set("amount", money.ToStored(amount))
	p.Set("document_number", doc)
	p.Set("method", "Transfer")
	p.Set("payment_date", s.now)
	p.Set("payment_status", domain.PaymentVerified)
	p.Set("registered_by", s.users["coordinator@studio.local"].Id)
	p.Set("verified_by", s.users["owner@studio.local"].Id)
	return s.app.Save(p)
}
