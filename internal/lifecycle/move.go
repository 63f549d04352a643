package lifecycle

import (
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/model"
	"github.com/studio/studio/internal/settings"
)

// MovedChangesDeadline is the changes deadline of a session in status
// moved to start (docs/rules.md §5.2.5): for a Confirmed session the end of
// the day changesDays before the new date, and ok is true. A move that
// would put that deadline before now is refused (CHANGES_DEADLINE_EXPIRED
// on starts_at): it would take from the client, by a change of date, the
// right to change the session. Other statuses keep their deadlines (ok
// false): the payment deadline of a Pre-scheduled session counts from the
// day it entered Pre-scheduled, not from its date, and from Assigned on
// the changes deadline is history.
func MovedChangesDeadline(status string, start, now time.Time, changesDays int, loc *time.Location) (deadline time.Time, ok bool, err error) {
	if status != domain.StatusConfirmed {
		return time.Time{}, false, nil
	}
	deadline = ChangesDeadline(start, changesDays, loc)
	if now.After(deadline) {
		return time.Time{}, false, domain.Errorf(domain.CodeChangesDeadlineExpired,
			"Moved to %s, the session's changes deadline would be %s, already past; a Confirmed session can only move to a date whose changes deadline is still ahead.",
			stamp(start), stamp(deadline)).On("starts_at").With("changes_deadline", stamp(deadline))
	}
	return deadline, true, nil
}

// followDeadlines recomputes the changes deadline of a Confirmed session
// whose date moves, or refuses the move (MovedChangesDeadline).
func followDeadlines(app core.App, s *model.Session) error {
	old := s.Original()
	if old.GetDateTime("starts_at").Equal(s.GetDateTime("starts_at")) {
		return nil
	}
	st, err := settings.Load(app)
	if err != nil {
		return err
	}
	deadline, ok, err := MovedChangesDeadline(old.GetString("status"), s.StartsAt(), settings.Now(app), st.ChangesDeadlineDays, st.Location())
	if err != nil || !ok {
		return err
	}
	s.Set("changes_deadline", deadline)
	return nil
}
