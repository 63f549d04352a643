package hooks

import (
	"encoding/json"
	"fmt"
	"reflect"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/notify"
)

// registerOutbox keeps outbox rows un-forgeable through the API:
// only business transactions (Go code) create them, and the one change a
// request may make, superusers in the dashboard included, is setting a
// Failed entry back to Pending to retry it (which also resets its attempt
// budget). Deleting stays a superuser's call (the collection's rule).
func registerOutbox(app core.App) {
	app.OnRecordCreateRequest("outbox").BindFunc(func(e *core.RecordRequestEvent) error {
		return router.NewForbiddenError("Outbox entries are written by the studio's business transactions only.", nil)
	})
	app.OnRecordUpdateRequest("outbox").BindFunc(func(e *core.RecordRequestEvent) error {
		orig := e.Record.Original()
		if orig.GetString("status") != domain.OutboxFailed || e.Record.GetString("status") != domain.OutboxPending {
			return domain.Invalid("status", "Only a Failed outbox entry can be changed, and only to Pending (to retry it).")
		}
		for _, f := range e.Record.Collection().Fields {
			name := f.GetName()
			if name == "status" || name == "updated" {
				continue
			}
			if !sameValue(orig.Get(name), e.Record.Get(name)) {
				return domain.Invalid(name, "Outbox entries are written by the studio; only status may change (Failed to Pending).")
			}
		}
		notify.Requeue(e.App, e.Record)
		return e.Next()
	})
}

// sameValue compares two field values; JSON values compare by content so
// a dashboard that reformats the data field still matches.
func sameValue(a, b any) bool {
	ja, aok := a.(types.JSONRaw)
	jb, bok := b.(types.JSONRaw)
	if aok && bok {
		var va, vb any
		if json.Unmarshal(ja, &va) == nil && json.Unmarshal(jb, &vb) == nil {
			return reflect.DeepEqual(va, vb)
		}
	}
	return fmt.Sprint(a) == fmt.Sprint(b)
}
