package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

func init() {
	m.Register(addCalendarToken, dropCalendarToken)
}

// addCalendarToken gives every user a secret calendar feed token: a hidden
// field (never in API answers, not filterable through the API), unique when
// set, rotated through POST /api/studio/calendar/rotate.
func addCalendarToken(app core.App) error {
	users, err := app.FindCollectionByNameOrId("users")
	if err != nil {
		return err
	}
	users.Fields.Add(&core.TextField{Name: "calendar_token", Hidden: true, Max: 100})
	users.AddIndex("idx_users_calendar_token", true, "calendar_token", "calendar_token != ''")
	return app.Save(users)
}

func dropCalendarToken(app core.App) error {
	users, err := app.FindCollectionByNameOrId("users")
	if err != nil {
		return err
	}
	users.RemoveIndex("idx_users_calendar_token")
	users.Fields.RemoveByName("calendar_token")
	return app.Save(users)
}
