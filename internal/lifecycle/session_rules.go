package lifecycle

import (
	"context"
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/model"
	"github.com/studio/studio/internal/notify"
	"github.com/studio/studio/internal/settings"
)

// TransitionFields are the session fields only a transition writes.
var TransitionFields = []string{
	"payment_deadline", "changes_deadline", "canceled_at", "estimated_delivery_date",
	"assigned_editor", "cancellation_reason", "cancellation_initiator",
}

// DerivedFields are the session fields the studio recomputes on every save.
var DerivedFields = []string{"code", "subtotal", "total", "deposit_amount"}

// GuardNew checks a session about to be created under ctx, on every path:
// no past date unless it is a retroactive entry, and, unless a transition
// creates it, the status Request with no transition field set.
func GuardNew(ctx context.Context, app core.App, s *model.Session) error {
	if !IsRetroactive(ctx) {
		if err := NotInPast(app, s); err != nil {
			return err
		}
	}
	if !IsTransition(ctx) {
		if st := s.Status(); st != domain.StatusRequest {
			return domain.Errorf(domain.CodeInvalidStateTransition, "A new session starts in Request, not %s.", st).
				On("status").With("to", st)
		}
		for _, f := range TransitionFields {
			s.Set(f, "")
		}
	}
	return nil
}

// GuardUpdate checks a session about to be updated under ctx, on every
// path: the code stays, a new date is not in the past (unless the session
// is already Attended or later), and, outside a transition, the status and
// the transition fields keep their stored values, except the changes
// deadline of a Confirmed session, which follows its date (docs/rules.md §5.2.5).
func GuardUpdate(ctx context.Context, app core.App, s *model.Session) error {
	old := s.Original()
	s.Set("code", old.GetString("code"))
	if !old.GetDateTime("starts_at").Equal(s.GetDateTime("starts_at")) && !Attended(old.GetString("status")) {
		if err := NotInPast(app, s); err != nil {
			return err
		}
	}
	if IsTransition(ctx) {
		return nil
	}
	if from, to := old.GetString("status"), s.Status(); from != to {
		return domain.Errorf(domain.CodeInvalidStateTransition,
			"The status changes only through a transition (POST /api/studio/sessions/%s/transitions).", s.Id).
			With("from", from).With("to", to)
	}
	for _, f := range TransitionFields {
		s.Set(f, old.Get(f))
	}
	return followDeadlines(app, s)
}

// ApplyDefaults fills what a new session may omit: the studio's default
// editing days and deposit percentage, and the status Request.
func ApplyDefaults(app core.App, s *model.Session) error {
	st, err := settings.Load(app)
	if err != nil {
		return err
	}
	if s.EditingDays() == 0 {
		s.SetEditingDays(st.DefaultEditingDays)
	}
	if s.Status() == "" {
		s.Set("status", domain.StatusRequest)
	}
	// A new session without a percentage (0 reads as "not given") takes the
	// studio default; an update may later set any 0-100.
	if s.GetFloat("deposit_percentage") == 0 {
		s.Set("deposit_percentage", st.DefaultDepositPercentage.InexactFloat64())
	}
	return nil
}

// AssignCode gives a new session its code S-YYYY-NNNNN: the year of
// creation in studio time and the next number of that year's counter
// (NextCode); call it in the insert's transaction.
func AssignCode(tx core.App, s *model.Session) error {
	st, err := settings.Load(tx)
	if err != nil {
		return err
	}
	code, err := NextCode(tx, settings.Now(tx).In(st.Location()).Year())
	if err != nil {
		return err
	}
	s.Set("code", code)
	return nil
}

// NextCode takes the next session code of year, S-YYYY-NNNNN, from the
// year's counter. Called in the session insert's transaction (SQLite has
// one writer), concurrent creations get distinct consecutive codes, and a
// rolled-back creation gives its number back while a committed one never
// does: a deleted session's code is never reused.
func NextCode(tx core.App, year int) (string, error) {
	var n int
	err := tx.DB().NewQuery(`INSERT INTO studio_session_counters (year, last) VALUES ({:y}, 1)
		ON CONFLICT(year) DO UPDATE SET last = last + 1 RETURNING last`).Bind(dbx.Params{"y": year}).Row(&n)
	if err != nil {
		return "", fmt.Errorf("next session code for %d: %w", year, err)
	}
	return fmt.Sprintf("S-%04d-%05d", year, n), nil
}

// NotInPast refuses a session date before now (docs/rules.md §4); only a
// retroactive entry (EnterRetroactive) creates a past session, and a
// session already Attended or later keeps its past date.
func NotInPast(app core.App, s *model.Session) error {
	start := s.StartsAt()
	if start.IsZero() || !start.Before(settings.Now(app)) {
		return nil
	}
	return domain.Errorf(domain.CodeInvalidSessionDate, "The session date %s is in the past.", start.UTC().Format("2006-01-02 15:04 MST")).
		On("starts_at").With("starts_at", start.UTC().Format("2006-01-02T15:04:05Z"))
}

// FollowDeliveryDate recomputes estimated_delivery_date (once set) when the
// session's date or editing days change; it reports whether it moved.
func FollowDeliveryDate(app core.App, s *model.Session) (bool, error) {
	old := s.Original()
	if s.DeliveryDate().IsZero() {
		return false, nil
	}
	if old.GetInt("estimated_editing_days") == s.EditingDays() && old.GetDateTime("starts_at").Equal(s.GetDateTime("starts_at")) {
		return false, nil
	}
	st, err := settings.Load(app)
	if err != nil {
		return false, err
	}
	d := DeliveryDate(s.StartsAt(), s.EditingDays(), st.Location())
	moved := !d.Equal(s.DeliveryDate())
	s.Set("estimated_delivery_date", d)
	return moved, nil
}

// QueueDeliveryEmail tells the client the session's new delivery date
// (docs/rules.md §7), in app's transaction.
func QueueDeliveryEmail(app core.App, s *model.Session) error {
	client, err := app.FindRecordById("clients", s.Client())
	if err != nil {
		return fmt.Errorf("client of session %s: %w", s.Id, err)
	}
	return notify.Email(app, notify.EmailIntent{
		Template: notify.TemplateDeliveryDateChanged, Recipient: client.GetString("email"), Session: s.Id,
		Data: map[string]any{"session_code": s.Code(), "client_name": client.GetString("full_name"),
			notify.DataDeliveryDate:         s.GetDateTime("estimated_delivery_date").String(),
			notify.DataPreviousDeliveryDate: s.Original().GetDateTime("estimated_delivery_date").String()},
	})
}
