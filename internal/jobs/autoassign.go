package jobs

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/lifecycle"
	"github.com/studio/studio/internal/notify"
	"github.com/studio/studio/internal/rbac"
)

// AssignReason is the history reason of the system's Confirmed → Assigned.
const AssignReason = "Changes deadline passed: resources locked in"

// AutoAssign moves every Confirmed session past its changes deadline to
// Assigned through lifecycle.Transition as the system (same guards,
// history and photographer notifications as a coordinator's). A session
// the transition refuses with MISSING_RESOURCES gets, in a transaction of
// its own, one "resources missing" notification to the coordinators,
// once per session and changes deadline (a job_marks row), not every
// night (docs/rules.md §8).
func AutoAssign(app core.App, now time.Time, opts Options) (Summary, error) {
	var s Summary
	list, err := ids(app, `SELECT id FROM sessions WHERE status = {:status} AND changes_deadline != '' AND changes_deadline < {:now}
		ORDER BY changes_deadline, id`, dbx.Params{"status": domain.StatusConfirmed, "now": dbTime(now)})
	if err != nil {
		return s, fmt.Errorf("confirmed sessions past their changes deadline: %w", err)
	}
	s.Examined = len(list)
	for _, id := range list {
		var missing []string
		unit(app, &s, opts, AutoAssignName, id, func(tx core.App) (outcome, string, error) {
			missing = nil
			status, deadline, err := sessionState(tx, id, "changes_deadline")
			if err != nil {
				return unchanged, "", err
			}
			if status != domain.StatusConfirmed || deadline.IsZero() || !now.After(deadline) {
				return unchanged, "", nil
			}
			res, err := lifecycle.Transition(tx, id, domain.StatusAssigned, rbac.SystemActor(), lifecycle.Input{Reason: AssignReason, At: now})
			var de *domain.Error
			if errors.As(err, &de) && de.ErrCode == domain.CodeMissingResources {
				missing, _ = de.Details["missing"].([]string)
				if len(missing) == 0 {
					missing = []string{"resources"}
				}
				return unchanged, "", nil
			}
			if err != nil {
				return unchanged, "", err
			}
			return changed, res.Session.GetString("code") + " assigned", nil
		})
		if len(missing) > 0 {
			s.Skipped-- // counted again below, as the alert's unit
			unit(app, &s, opts, AutoAssignName, id, func(tx core.App) (outcome, string, error) {
				return alertMissing(tx, id, missing)
			})
		}
	}
	return s, nil
}

// alertMissing notifies the coordinators that the session still lacks
// resources, unless they were told already for its current changes
// deadline.
func alertMissing(tx core.App, id string, missing []string) (outcome, string, error) {
	session, err := tx.FindRecordById("sessions", id)
	if err != nil {
		return unchanged, "", err
	}
	key := id + "@" + dbTime(session.GetDateTime("changes_deadline").Time())
	done, err := marked(tx, AutoAssignName, key)
	if err != nil || done {
		return unchanged, "", err
	}
	if err := mark(tx, AutoAssignName, key); err != nil {
		return unchanged, "", err
	}
	coordinators, err := notify.ActiveUsersInRole(tx, rbac.RoleCoordinator)
	if err != nil {
		return unchanged, "", err
	}
	code := session.GetString("code")
	title := fmt.Sprintf("Session %s: resources missing", code)
	body := fmt.Sprintf("Session %s (starts %s) passed its changes deadline and cannot be assigned: it still needs %s.",
		code, session.GetDateTime("starts_at").String(), strings.Join(missing, " and "))
	if err := notify.Staff(tx, coordinators, notify.KindMissingResources, title, body, id); err != nil {
		return unchanged, "", err
	}
	return changed, fmt.Sprintf("%s lacks %s: coordinators alerted", code, strings.Join(missing, ", ")), nil
}
