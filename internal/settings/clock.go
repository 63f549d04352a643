package settings

import (
	"database/sql"
	"errors"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// clockKey is where an app keeps its clock in app.Store().
const clockKey = "studio.clock"

// Clock answers the current time.
type Clock func() time.Time

// SetClock installs the app's clock; tests use it to move time, production
// never calls it and gets the wall clock.
func SetClock(app core.App, c Clock) {
	app.Store().Set(clockKey, c)
}

// SwapClock installs c and returns a function that puts back the clock the
// app had before (the wall clock if none). The demo seed uses it to book a
// session that is already under way.
func SwapClock(app core.App, c Clock) (restore func()) {
	prev, _ := app.Store().Get(clockKey).(Clock)
	app.Store().Set(clockKey, c)
	return func() { app.Store().Set(clockKey, prev) }
}

// Now is the app's current time, in UTC.
func Now(app core.App) time.Time {
	if c, ok := app.Store().Get(clockKey).(Clock); ok && c != nil {
		return c().UTC()
	}
	return time.Now().UTC()
}

func isNotFound(err error) bool { return errors.Is(err, sql.ErrNoRows) }
