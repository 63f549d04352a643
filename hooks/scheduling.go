package hooks

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// registerScheduling wires rooms, photographers, availability, editing
// queue and calendar feeds (issue 4, docs/scheduling.md).
func registerScheduling(app core.App) {
	registerRoomChecks(app)
	registerPhotographerChecks(app)
	registerOpenFlags(app)
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Id: "studio.schedule.routes",
		Func: func(se *core.ServeEvent) error {
			bindScheduleRoutes(se)
			bindEditingRoutes(se)
			bindCalendarRoutes(se)
			return se.Next()
		},
	})
}
