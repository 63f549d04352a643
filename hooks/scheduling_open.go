package hooks

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/schedule"
)

// registerOpenFlags keeps session_photographers.session_open equal to "its
// session is open", whatever a caller sent: on every assignment save, and
// for all of a session's assignments when the session closes,
// inside that save's transaction (the room guard opens it).
func registerOpenFlags(app core.App) {
	flag := func(e *core.RecordEvent) error {
		open := false
		if s, err := e.App.FindRecordById("sessions", e.Record.GetString("session")); err == nil {
			open = !domain.IsClosed(s.GetString("status"))
		}
		e.Record.Set("session_open", open)
		return e.Next()
	}
	app.OnRecordCreate("session_photographers").BindFunc(flag)
	app.OnRecordUpdate("session_photographers").BindFunc(flag)

	app.OnRecordUpdate("sessions").BindFunc(func(e *core.RecordEvent) error {
		wasClosed := domain.IsClosed(e.Record.Original().GetString("status"))
		if err := e.Next(); err != nil {
			return err
		}
		if wasClosed == domain.IsClosed(e.Record.GetString("status")) {
			return nil
		}
		return schedule.SyncOpenFlags(e.App, e.Record.Id)
	})
}
