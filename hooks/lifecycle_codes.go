package hooks

import (
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/settings"
)

// registerSessionCodes gives every new session its code S-YYYY-NNNNN: the
// year of creation in studio time and the next number of that year's
// counter. The counter is incremented in the insert's transaction (SQLite
// has one writer), so concurrent creations get distinct consecutive codes,
// and a rolled-back creation gives its number back while a committed one
// never does: a deleted session's code is never reused.
func registerSessionCodes(app core.App) {
	app.OnRecordCreate("sessions").BindFunc(func(e *core.RecordEvent) error {
		return inTransaction(e, func(tx core.App) error {
			st, err := settings.Load(tx)
			if err != nil {
				return err
			}
			code, err := nextSessionCode(tx, settings.Now(tx).In(st.Location()).Year())
			if err != nil {
				return err
			}
			e.Record.Set("code", code)
			return e.Next()
		})
	})
}

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
