package hooks

import (
	"fmt"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/shopspring/decimal"

	"github.com/studio/studio/internal/catalog"
	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/lifecycle"
	"github.com/studio/studio/internal/money"
	"github.com/studio/studio/internal/notify"
	"github.com/studio/studio/internal/schedule"
	"github.com/studio/studio/internal/settings"
)

// nextSessionCode increments the year's counter and formats the code.
func nextSessionCode(tx core.App, year int) (string, error) {
	var n int
	err := tx.DB().NewQuery(`INSERT INTO studio_session_counters (year, last) VALUES ({:y}, 1)
		ON CONFLICT(year) DO UPDATE SET last = last + 1 RETURNING last`).Bind(dbx.Params{"y": year}).Row(&n)
	if err != nil {
		return "", fmt.Errorf("next session code for %d: %w", year, err)
	}
	return fmt.Sprintf("S-%04d-%05d", year, n), nil
}

// notInPast refuses a session date before now (domain.md §4); only a
// retroactive entry (lifecycle.EnterRetroactive) creates a past session,
// and a session already Attended or later keeps its past date.
func notInPast(app core.App, r *core.Record) error {
	start := r.GetDateTime("starts_at").Time()
	if start.IsZero() || !start.Before(settings.Now(app)) {
		return nil
	}
	return domain.Errorf(domain.CodeInvalidSessionDate, "The session date %s is in the past.", start.UTC().Format("2006-01-02 15:04 MST")).
		On("starts_at").With("starts_at", start.UTC().Format("2006-01-02T15:04:05Z"))
}

// deriveTotals writes subtotal, total and (while it follows the total)
// deposit_amount from the stored lines.
func deriveTotals(app core.App, r *core.Record) error {
	var stored []float64
	if !r.IsNew() {
		if err := app.DB().Select("line_subtotal").From("session_lines").Where(dbx.HashExp{"session": r.Id}).Column(&stored); err != nil {
			return fmt.Errorf("lines of session %s: %w", r.Id, err)
		}
	}
	subs := make([]decimal.Decimal, len(stored))
	for i, s := range stored {
		subs[i] = money.FromStored(s)
	}
	transport := money.FromStored(r.GetFloat("transportation_cost"))
	if transport.IsPositive() && r.GetString("session_type") != domain.SessionTypeExternal {
		return domain.Invalid("transportation_cost", "Only External sessions carry a transportation cost.")
	}
	t, err := catalog.ComputeTotals(subs, transport, money.FromStored(r.GetFloat("discount")),
		decimal.NewFromFloat(r.GetFloat("deposit_percentage")))
	if err != nil {
		return err
	}
	r.Set("subtotal", money.ToStored(t.Subtotal))
	r.Set("total", money.ToStored(t.Total))
	if catalog.DepositFollowsTotal(r.GetString("status")) {
		r.Set("deposit_amount", money.ToStored(t.DepositAmount))
	}
	return nil
}

// followDeliveryDate recomputes estimated_delivery_date (once set) when the
// session's date or editing days change; it reports whether it moved.
func followDeliveryDate(app core.App, r *core.Record) (bool, error) {
	old := r.Original()
	if r.GetDateTime("estimated_delivery_date").IsZero() {
		return false, nil
	}
	if old.GetInt("estimated_editing_days") == r.GetInt("estimated_editing_days") && old.GetDateTime("starts_at").Equal(r.GetDateTime("starts_at")) {
		return false, nil
	}
	st, err := settings.Load(app)
	if err != nil {
		return false, err
	}
	d := lifecycle.DeliveryDate(r.GetDateTime("starts_at").Time(), r.GetInt("estimated_editing_days"), st.Location())
	moved := !d.Equal(r.GetDateTime("estimated_delivery_date").Time())
	r.Set("estimated_delivery_date", d)
	return moved, nil
}

// queueDeliveryEmail tells the client the new delivery date (domain.md §7).
func queueDeliveryEmail(app core.App, r *core.Record) error {
	client, err := app.FindRecordById("clients", r.GetString("client"))
	if err != nil {
		return fmt.Errorf("client of session %s: %w", r.Id, err)
	}
	return notify.Email(app, notify.EmailIntent{
		Template: notify.TemplateDeliveryDateChanged, Recipient: client.GetString("email"), Session: r.Id,
		Data: map[string]any{"session_code": r.GetString("code"), "client_name": client.GetString("full_name"),
			notify.DataDeliveryDate:         r.GetDateTime("estimated_delivery_date").String(),
			notify.DataPreviousDeliveryDate: r.Original().GetDateTime("estimated_delivery_date").String()},
	})
}

// sessionInterval is the session's [starts_at, ends_at).
func sessionInterval(r *core.Record) schedule.Interval {
	return schedule.Interval{Start: r.GetDateTime("starts_at").Time(), End: r.GetDateTime("ends_at").Time()}
}

func timesChanged(r *core.Record) bool {
	old := r.Original()
	if r.IsNew() || old == nil {
		return false
	}
	return !old.GetDateTime("starts_at").Equal(r.GetDateTime("starts_at")) || !old.GetDateTime("ends_at").Equal(r.GetDateTime("ends_at"))
}

// checkRoom refuses to book the session's room when the room is not Active
// or another open session holds it over an overlapping interval.
func checkRoom(tx core.App, r *core.Record) error {
	room := r.GetString("room")
	if room == "" || domain.IsClosed(r.GetString("status")) {
		return nil
	}
	old := r.Original()
	if !r.IsNew() && old != nil && old.GetString("room") == room && !timesChanged(r) {
		return nil
	}
	when := sessionInterval(r)
	if !when.Valid() {
		return nil // the record validation answers the bad interval
	}
	roomRecord, err := tx.FindRecordById("rooms", room)
	if err != nil {
		return nil // the relation validation answers the unknown room
	}
	if status := roomRecord.GetString("status"); status != domain.Active {
		return domain.Errorf(domain.CodeRoomNotAvailable, "Room %s is %s and cannot be booked.", roomRecord.GetString("code"), status).
			On("room").With("room", room).With("room_status", status).
			With("reason", "room_"+strings.ToLower(status)).With("conflicts", []schedule.Blocker{})
	}
	conflicts, err := schedule.RoomConflicts(tx, schedule.Candidate{Resource: room, Session: r.Id, When: when})
	if err != nil {
		return err
	}
	if len(conflicts) > 0 {
		return domain.Errorf(domain.CodeRoomNotAvailable, "Room %s is already booked at that time.", roomRecord.GetString("code")).
			On("room").With("room", room).With("reason", "overlap").With("conflicts", schedule.Blockers(conflicts))
	}
	return nil
}

// sessionChange is what a session save changes that concerns its
// assignments.
type sessionChange struct {
	moved  bool
	before schedule.Interval
}

func sessionChangeOf(r *core.Record) sessionChange {
	c := sessionChange{moved: timesChanged(r)}
	if c.moved {
		c.before = sessionInterval(r.Original())
	}
	return c
}

// followSession, after a session update that moved it, moves its active
// assignments' coverage with the new times (schedule.ShiftCoverage) and
// saves them, which re-checks each photographer.
func followSession(tx core.App, r *core.Record, change sessionChange) error {
	if !change.moved {
		return nil
	}
	assignments, err := tx.FindAllRecords("session_photographers",
		dbx.HashExp{"session": r.Id}, dbx.Not(dbx.HashExp{"assignment_status": domain.AssignmentReassigned}))
	if err != nil {
		return fmt.Errorf("assignments of session %s: %w", r.Id, err)
	}
	for _, a := range assignments {
		cov := schedule.ShiftCoverage(change.before, sessionInterval(r), coverageOf(a))
		a.Set("coverage_start", cov.Start)
		a.Set("coverage_end", cov.End)
		if err := tx.Save(a); err != nil {
			return err
		}
	}
	return nil
}
