package hooks

import (
	"fmt"
	"net/http"
	"slices"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/catalog"
	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/lifecycle"
	"github.com/studio/studio/internal/rbac"
	"github.com/studio/studio/internal/settings"
)

// computedFields may not be written by a caller: a request that tries is
// refused (400) rather than silently ignored.
var computedFields = append(append([]string{}, derivedFields...), transitionFields...)

// statusPatchFields may change together with status in a PATCH: the
// cancellation's inputs.
var statusPatchFields = []string{"status", "cancellation_reason", "cancellation_initiator", "updated", "updated_by"}

// registerSessionRequests binds the request-level session rules: a PATCH
// of status runs lifecycle.Transition (REST, batch, dashboard); computed
// fields are refused; transportation and discount follow the modification
// rules of §4.2; created_by and updated_by come from the caller.
func registerSessionRequests(app core.App) {
	app.OnRecordCreateRequest("sessions").BindFunc(func(e *core.RecordRequestEvent) error {
		if s := e.Record.GetString("status"); s != "" && s != domain.StatusRequest {
			return domain.Errorf(domain.CodeInvalidStateTransition, "A new session starts in Request, not %s.", s).On("status")
		}
		for _, f := range computedFields {
			if !isEmptyValue(e.Record.Get(f)) {
				return computedError(f)
			}
		}
		actor, err := requestActor(e.RequestEvent)
		if err != nil {
			return err
		}
		e.Record.Set("created_by", actor.ID())
		return e.Next()
	})

	app.OnRecordUpdateRequest("sessions").BindFunc(func(e *core.RecordRequestEvent) error {
		old := e.Record.Original()
		actor, err := requestActor(e.RequestEvent)
		if err != nil {
			return err
		}
		if to := e.Record.GetString("status"); to != old.GetString("status") {
			return patchStatus(e, actor, to)
		}
		for _, f := range computedFields {
			if changedField(old, e.Record, f) {
				return computedError(f)
			}
		}
		if changedField(old, e.Record, "transportation_cost") || changedField(old, e.Record, "discount") {
			audit, err := catalog.Change(old.GetString("status"), old.GetDateTime("changes_deadline").Time(), settings.Now(e.App), actor.Can(rbac.SessionEditAll))
			if err != nil {
				return err
			}
			if audit {
				return e.App.RunInTransaction(func(tx core.App) error {
					e.App = tx
					e.Record.Set("updated_by", actor.ID())
					if err := e.Next(); err != nil {
						return err
					}
					return writeAudit(tx, actor, "session.amounts.changed-after-deadline", "sessions", e.Record.Id, map[string]any{
						"status": old.GetString("status"), "transportation_cost": e.Record.GetFloat("transportation_cost"), "discount": e.Record.GetFloat("discount"),
					})
				})
			}
		}
		e.Record.Set("updated_by", actor.ID())
		return e.Next()
	})
}

// patchStatus runs a status PATCH through the state machine, with the
// record's cancellation_reason and cancellation_initiator as the
// cancellation's inputs. Other fields must be changed in another request.
func patchStatus(e *core.RecordRequestEvent, actor *rbac.Actor, to string) error {
	old := e.Record.Original()
	for _, f := range e.Record.Collection().Fields.FieldNames() {
		if !slices.Contains(statusPatchFields, f) && changedField(old, e.Record, f) {
			return domain.Invalid(f, "Change the status alone (with cancellation_reason and cancellation_initiator when canceling); edit %s in another request.", f)
		}
	}
	res, err := lifecycle.Transition(e.App, e.Record.Id, to, actor, lifecycle.Input{
		Reason: e.Record.GetString("cancellation_reason"), Initiator: e.Record.GetString("cancellation_initiator"),
	})
	if err != nil {
		return err
	}
	if err := apis.EnrichRecord(e.RequestEvent, res.Session); err != nil {
		return fmt.Errorf("enrich session: %w", err)
	}
	e.Record = res.Session
	return e.JSON(http.StatusOK, res.Session)
}

func changedField(old, cur *core.Record, f string) bool {
	return fmt.Sprint(old.Get(f)) != fmt.Sprint(cur.Get(f))
}

func isEmptyValue(v any) bool {
	s := fmt.Sprint(v)
	return s == "" || s == "0" || s == "[]" || s == "<nil>"
}

func computedError(f string) error {
	return domain.Invalid(f, "%s is computed by the studio (transitions, lines and payments); it cannot be set by hand.", f)
}

// writeAudit appends an audit_log entry inside tx.
func writeAudit(tx core.App, actor *rbac.Actor, action, collection, id string, details map[string]any) error {
	c, err := tx.FindCachedCollectionByNameOrId("audit_log")
	if err != nil {
		return err
	}
	r := core.NewRecord(c)
	r.Set("actor", actor.ID())
	r.Set("action", action)
	r.Set("collection_name", collection)
	r.Set("record_id", id)
	r.Set("details", details)
	if err := tx.Save(r); err != nil {
		return fmt.Errorf("audit %s: %w", action, err)
	}
	return nil
}
