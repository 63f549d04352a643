package schedule

import (
	"context"
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/notify"
	"github.com/studio/studio/internal/rbac"
)

// AssignmentStatusChange checks an assignment's status change on update
// (docs/rules.md §6.5): an active assignment (Assigned, Confirmed) may move
// between those two or become Reassigned; Reassigned is final, so an
// assignment once released never holds its photographer again (a new
// assignment is made instead, with every check).
func AssignmentStatusChange(from, to string) error {
	if from == domain.AssignmentReassigned && to != domain.AssignmentReassigned {
		return domain.Invalid("assignment_status", "A Reassigned assignment is final; create a new assignment instead.").
			With("from", from).With("to", to)
	}
	return nil
}

type followingKey struct{}

// Following marks ctx as the save of an assignment whose coverage follows
// its moved session: the session itself was allowed to change, so its
// assignments may follow even when it is closed.
func Following(ctx context.Context) context.Context {
	return context.WithValue(ctx, followingKey{}, true)
}

// IsFollowing reports whether ctx carries an assignment following its
// session (Following).
func IsFollowing(ctx context.Context) bool {
	if ctx == nil {
		return false
	}
	v, _ := ctx.Value(followingKey{}).(bool)
	return v
}

// notYetAttended are the session states in which a photographer still has
// to go: their assignments are released when the photographer can no
// longer be assigned.
var notYetAttended = []string{
	domain.StatusRequest, domain.StatusNegotiation, domain.StatusPreScheduled, domain.StatusConfirmed, domain.StatusAssigned,
}

// ReleaseIneligible releases (marks Reassigned, with a note) the active
// assignments of user on sessions not yet attended when the user is no
// longer an Active holder of the Photographer role, and tells the active
// coordinators which sessions lost a photographer. Assignments of sessions
// already attended stay: they are the record of who did the work. It
// answers the sessions released.
func ReleaseIneligible(tx core.App, userID string) ([]string, error) {
	ok, err := IsAssignable(tx, userID)
	if err != nil || ok {
		return nil, err
	}
	var ids []string
	q := tx.DB().Select("a.id").From("session_photographers a").InnerJoin("sessions s", dbx.NewExp("s.id = a.session")).
		Where(dbx.HashExp{"a.photographer": userID}).
		AndWhere(dbx.NewExp("a.assignment_status != {:r}", dbx.Params{"r": domain.AssignmentReassigned})).
		AndWhere(dbx.In("s.status", toAny(notYetAttended)...))
	if err := q.Column(&ids); err != nil {
		return nil, fmt.Errorf("open assignments of %s: %w", userID, err)
	}
	var sessions []string
	for _, id := range ids {
		a, err := tx.FindRecordById("session_photographers", id)
		if err != nil {
			return nil, err
		}
		a.Set("assignment_status", domain.AssignmentReassigned)
		note := "Released: the photographer is no longer an active Photographer."
		if old := a.GetString("notes"); old != "" {
			note = old + "\n" + note
		}
		a.Set("notes", note)
		if err := tx.Save(a); err != nil {
			return nil, fmt.Errorf("release assignment %s: %w", id, err)
		}
		sessions = append(sessions, a.GetString("session"))
	}
	return sessions, notifyReleased(tx, sessions)
}

func notifyReleased(tx core.App, sessions []string) error {
	if len(sessions) == 0 {
		return nil
	}
	coordinators, err := notify.ActiveUsersInRole(tx, rbac.RoleCoordinator)
	if err != nil || len(coordinators) == 0 {
		return err
	}
	for _, id := range sessions {
		s, err := tx.FindRecordById("sessions", id)
		if err != nil {
			return err
		}
		code := s.GetString("code")
		if err := notify.Staff(tx, coordinators, notify.KindMissingResources, "Session "+code+" lost a photographer",
			"A photographer of session "+code+" can no longer be assigned (deactivated or no longer a Photographer); assign another.", id); err != nil {
			return err
		}
	}
	return nil
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// SameSessionAssignment answers the id of another active assignment of
// photographer on the session (empty if none): a photographer holds one
// assignment at a time, on one session as across sessions (docs/rules.md
// §6.4), so the overlap rule, which compares sessions, is completed by this.
func SameSessionAssignment(app core.App, sessionID, photographer, except string) (string, error) {
	var ids []string
	err := app.DB().NewQuery(sameSessionSQL).
		Bind(dbx.Params{"s": sessionID, "p": photographer, "r": domain.AssignmentReassigned, "except": except}).Column(&ids)
	if err != nil {
		return "", fmt.Errorf("assignments of %s on session %s: %w", photographer, sessionID, err)
	}
	if len(ids) == 0 {
		return "", nil
	}
	return ids[0], nil
}
