package lifecycle_test

import (
	"errors"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/settings"
)

// TestSettingsReadAfterEveryKindOfSave: the settings a transition reads
// are the committed ones after a save through Go code, the save's own
// inside its transaction, and the old ones again when that transaction
// rolls back.
func TestSettingsReadAfterEveryKindOfSave(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	days := func(app core.App) int {
		t.Helper()
		st, err := settings.Load(app)
		if err != nil {
			t.Fatal(err)
		}
		return st.PaymentDeadlineDays
	}
	set := func(app core.App, n int) {
		t.Helper()
		rec, err := app.FindFirstRecordByFilter(settings.Collection, "")
		if err != nil {
			t.Fatal(err)
		}
		rec.Set("payment_deadline_days", n)
		if err := app.Save(rec); err != nil {
			t.Fatal(err)
		}
	}
	start := days(f.app)
	_ = days(f.app) // answered from the cache, if any

	set(f.app, start+1)
	if got := days(f.app); got != start+1 {
		t.Fatalf("after a save: %d days, want %d", got, start+1)
	}

	rollback := errors.New("roll back")
	err := f.app.RunInTransaction(func(tx core.App) error {
		set(tx, start+2)
		if got := days(tx); got != start+2 {
			t.Errorf("inside the saving transaction: %d days, want %d", got, start+2)
		}
		return rollback
	})
	if !errors.Is(err, rollback) {
		t.Fatal(err)
	}
	if got := days(f.app); got != start+1 {
		t.Fatalf("after the rollback: %d days, want %d", got, start+1)
	}

	if err := f.app.RunInTransaction(func(tx core.App) error {
		set(tx, start+3)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if got := days(f.app); got != start+3 {
		t.Fatalf("after a committed transaction: %d days, want %d", got, start+3)
	}
}
