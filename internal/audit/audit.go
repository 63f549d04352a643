// Package audit appends entries to the audit_log collection: the record of
// changes only privileged staff may make (a change after a deadline, for
// one), written in the transaction of the change itself.
package audit

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
)

// Collection is the name of the audit log collection.
const Collection = "audit_log"

// Write appends an entry inside tx: who (actorID, "" for the system) did
// action to record id of collection, with details.
func Write(tx core.App, actorID, action, collection, id string, details map[string]any) error {
	c, err := tx.FindCachedCollectionByNameOrId(Collection)
	if err != nil {
		return err
	}
	r := core.NewRecord(c)
	r.Set("actor", actorID)
	r.Set("action", action)
	r.Set("collection_name", collection)
	r.Set("record_id", id)
	r.Set("details", details)
	if err := tx.Save(r); err != nil {
		return fmt.Errorf("audit %s: %w", action, err)
	}
	return nil
}
