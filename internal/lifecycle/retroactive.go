package lifecycle

import (
	"context"
	"fmt"
	"slices"

	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
)

// RetroactiveTargets are the states a session dated in the past may be
// entered in: a past date is allowed only for a session entered
// retroactively at Attended or later (docs/rules.md §4.0.4).
var RetroactiveTargets = []string{
	domain.StatusAttended, domain.StatusInEditing, domain.StatusReadyForDelivery, domain.StatusCompleted,
}

// EnterRetroactive records a session that already took place: it creates
// the new session record (which may be dated in the past) and replays it to
// target, in one transaction, so that no past-dated session is ever left in
// an earlier state. prepare runs before each step as in Replay.
func EnterRetroactive(app core.App, session *core.Record, target string, prepare Prepare) (*core.Record, error) {
	if !session.IsNew() {
		return nil, fmt.Errorf("retroactive entry of %s: the session already exists", session.Id)
	}
	if !slices.Contains(RetroactiveTargets, target) {
		return nil, domain.Errorf(domain.CodeInvalidSessionDate,
			"Only a session already Attended or later may be entered with a past date, not %s.", target).
			On("status").With("allowed", RetroactiveTargets)
	}
	var out *core.Record
	err := app.RunInTransaction(func(tx core.App) error {
		if err := tx.SaveWithContext(withRetroactive(context.Background()), session); err != nil {
			return err
		}
		var err error
		out, err = Replay(tx, session.Id, target, prepare)
		return err
	})
	return out, err
}

// Attended reports whether a session in this state has already taken place
// (Attended or later, Canceled excluded): its date may lie in the past.
func Attended(status string) bool { return slices.Contains(RetroactiveTargets, status) }
