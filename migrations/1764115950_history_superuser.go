package migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// session_status_history.changed_by_superuser: the superuser who made a
// transition from the dashboard or with a superuser token. changed_by
// relates to users only, and superusers are records of _superusers, so
// their transitions were recorded with no actor at all, like the system's.
func init() {
	m.Register(func(app core.App) error {
		history, err := app.FindCollectionByNameOrId("session_status_history")
		if err != nil {
			return err
		}
		superusers, err := app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
		if err != nil {
			return err
		}
		history.Fields.Add(&core.RelationField{Name: "changed_by_superuser", CollectionId: superusers.Id, MaxSelect: 1})
		if err := app.Save(history); err != nil {
			return fmt.Errorf("add changed_by_superuser: %w", err)
		}
		return nil
	}, func(app core.App) error {
		history, err := app.FindCollectionByNameOrId("session_status_history")
		if err != nil {
			return err
		}
		history.Fields.RemoveByName("changed_by_superuser")
		return app.Save(history)
	})
}
