package catalog

import (
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/model"
	"github.com/studio/studio/internal/rbac"
	"github.com/studio/studio/internal/settings"
)

// Change says whether the lines, transportation cost and discount of a
// session may change now (docs/rules.md §4.2): freely in Request, Negotiation
// and Pre-scheduled, in Confirmed up to changes_deadline; otherwise only
// with session.edit.all, and then the change must be audit logged
// (audit = true). A zero changesDeadline means none is set.
func Change(status string, changesDeadline, now time.Time, canEditAll bool) (audit bool, err error) {
	switch status {
	case domain.StatusRequest, domain.StatusNegotiation, domain.StatusPreScheduled:
		return false, nil
	case domain.StatusConfirmed:
		if changesDeadline.IsZero() || !now.After(changesDeadline) {
			return false, nil
		}
		if canEditAll {
			return true, nil
		}
		return false, domain.Errorf(domain.CodeChangesDeadlineExpired,
			"The changes deadline (%s) has passed; lines and amounts can no longer change.", changesDeadline.UTC().Format(time.RFC3339)).
			With("changes_deadline", changesDeadline.UTC().Format(time.RFC3339))
	}
	if canEditAll {
		return true, nil
	}
	return false, domain.Errorf(domain.CodeImmutableSession, "A session in %s can no longer change its lines or amounts.", status).
		With("status", status)
}

// MayChange applies Change to session now, for actor: whether its lines,
// transportation cost and discount may change, and whether the change must
// be audit logged.
func MayChange(app core.App, session *model.Session, actor *rbac.Actor) (audit bool, err error) {
	return Change(session.Status(), session.ChangesDeadline(), settings.Now(app), actor.Can(rbac.SessionEditAll))
}
