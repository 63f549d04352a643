package api_test

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/rbac"
	ta "github.com/studio/studio/internal/testapp"
)

// freshPhotographer saves a new Active Photographer through the app and
// answers its id, so that each allowed actor's new assignment names a
// photographer of its own (a photographer holds one active assignment per
// session). A write case's body has no test to fail, so a broken fixture
// panics.
func freshPhotographer(w *world) string {
	role, err := w.app.FindFirstRecordByData("roles", "name", rbac.RolePhotographer)
	if err != nil {
		panic(err)
	}
	users, err := w.app.FindCollectionByNameOrId("users")
	if err != nil {
		panic(err)
	}
	u := core.NewRecord(users)
	u.Set("email", ta.Unique("fresh-photographer")+"@test.local")
	u.Set("name", "fresh photographer")
	u.Set("status", domain.Active)
	u.Set("roles", []string{role.Id})
	u.SetPassword(ta.Password)
	if err := w.app.Save(u); err != nil {
		panic(err)
	}
	return u.Id
}
