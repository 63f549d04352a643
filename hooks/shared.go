package hooks

import (
	"fmt"
	"slices"
	"time"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
	"github.com/shopspring/decimal"

	"github.com/studio/studio/internal/audit"
	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/rbac"
)

// inTransaction runs fn with the record event bound to a new transaction
// (so e.Next() and every write of fn commit or roll back together) and
// gives the event its own app back afterwards. Without the restore,
// PocketBase would run the after-success hooks, the realtime broadcast
// among them, against the already finished transaction: the broadcast's
// access-rule queries fail and subscribers never hear of the record
// (TestRealtimeEventsSurviveHookTransactions).
func inTransaction(e *core.RecordEvent, fn func(tx core.App) error) error {
	outer := e.App
	err := outer.RunInTransaction(func(tx core.App) error {
		e.App = tx
		return fn(tx)
	})
	e.App = outer
	return err
}

// requestActor resolves the request's caller into an rbac.Actor.
func requestActor(e *core.RequestEvent) (*rbac.Actor, error) {
	return rbac.ActorFor(e.App, e.Auth)
}

// sameSet reports whether a and b hold the same strings, in any order.
func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

// changedField reports whether field f differs between old and cur.
func changedField(old, cur *core.Record, f string) bool {
	return fmt.Sprint(old.Get(f)) != fmt.Sprint(cur.Get(f))
}

// changed reports whether any of the fields differs from the stored record
// (always true for a new record).
func changed(r *core.Record, fields ...string) bool {
	old := r.Original()
	if r.IsNew() || old == nil {
		return true
	}
	for _, f := range fields {
		if changedField(old, r, f) {
			return true
		}
	}
	return false
}

// isEmptyValue reports whether a field value is the zero value a caller
// sends when it does not set the field.
func isEmptyValue(v any) bool {
	s := fmt.Sprint(v)
	return s == "" || s == "0" || s == "[]" || s == "<nil>"
}

// nextAudited runs the rest of a request's chain and writes the audit
// entry of the change in the same transaction; details is read after the
// save.
func nextAudited(e *core.RecordRequestEvent, actorID, action, collection string, details func() map[string]any) error {
	return e.App.RunInTransaction(func(tx core.App) error {
		e.App = tx
		if err := e.Next(); err != nil {
			return err
		}
		return audit.Write(tx, actorID, action, collection, e.Record.Id, details())
	})
}

// parseTime reads a datetime given as RFC 3339 or in PocketBase's layout.
func parseTime(field, value string) (time.Time, error) {
	if value == "" {
		return time.Time{}, domain.Invalid(field, "%s is required.", field)
	}
	if t, err := time.Parse(time.RFC3339Nano, value); err == nil {
		return t.UTC(), nil
	}
	dt, err := types.ParseDateTime(value)
	if err != nil || dt.IsZero() {
		return time.Time{}, domain.Invalid(field, "%s must be a datetime (RFC 3339).", field)
	}
	return dt.Time().UTC(), nil
}

// wholeCentsCheck is a validate hook refusing amounts in fields (stored in
// PocketBase number fields) that are not whole cents.
func wholeCentsCheck(fields ...string) func(e *core.RecordEvent) error {
	return func(e *core.RecordEvent) error {
		errs := validation.Errors{}
		for _, f := range fields {
			if !wholeCents(e.Record.GetFloat(f)) {
				errs[f] = validation.NewError("validation_money_cents", "Amounts take at most two decimals.")
			}
		}
		if len(errs) > 0 {
			return errs
		}
		return e.Next()
	}
}

// wholeCents reports whether v is a whole number of cents. A float64 read
// from the database is turned into the shortest decimal that round-trips,
// which for any amount below 10^13 is the exact amount that was written.
func wholeCents(v float64) bool {
	return decimal.NewFromFloat(v).Exponent() >= -2
}
