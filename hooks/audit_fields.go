package hooks

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// registerAuditFields makes created_by and updated_by, on every collection
// that has them (today sessions and session_photographers), the user of the
// request, whatever the caller sent (docs/rules.md §1): a create stores the
// caller in both; an update keeps created_by as stored and stores the
// caller in updated_by. A caller's value is ignored rather than refused, so
// that a client sending a whole record back (the dashboard, an SDK form)
// still saves. A superuser is no user: its writes store no one.
func registerAuditFields(app core.App) {
	app.OnRecordCreateRequest().Bind(&hook.Handler[*core.RecordRequestEvent]{
		Id: "studio.audit-fields.create", Priority: -90,
		Func: func(e *core.RecordRequestEvent) error {
			by, err := auditUser(e)
			if err != nil {
				return err
			}
			setAuditField(e.Record, "created_by", by)
			setAuditField(e.Record, "updated_by", by)
			return e.Next()
		},
	})
	app.OnRecordUpdateRequest().Bind(&hook.Handler[*core.RecordRequestEvent]{
		Id: "studio.audit-fields.update", Priority: -90,
		Func: func(e *core.RecordRequestEvent) error {
			by, err := auditUser(e)
			if err != nil {
				return err
			}
			if old := e.Record.Original(); old != nil {
				setAuditField(e.Record, "created_by", old.GetString("created_by"))
			}
			setAuditField(e.Record, "updated_by", by)
			return e.Next()
		},
	})
}

// auditUser is the id of the request's user ("" for a superuser or a guest).
func auditUser(e *core.RecordRequestEvent) (string, error) {
	actor, err := requestActor(e.RequestEvent)
	if err != nil {
		return "", err
	}
	return actor.ID(), nil
}

// setAuditField sets field if the record's collection has it.
func setAuditField(r *core.Record, field, value string) {
	if r.Collection().Fields.GetByName(field) != nil {
		r.Set(field, value)
	}
}
