package api_test

import (
	"testing"

	"github.com/studio/studio/internal/rbac"
	ta "github.com/studio/studio/internal/testapp"
)

// TestRulesMatchSource: the API rules in the database are exactly the ones
// rbac.CollectionRules produces, so the Go checks and the rules cannot
// drift apart. The migrations hold frozen copies of the rules: a change in
// rbac fails this test until a new migration writes the new rules.
func TestRulesMatchSource(t *testing.T) {
	t.Parallel()
	app := ta.New(t)
	str := func(p *string) string {
		if p == nil {
			return "<superusers only>"
		}
		return *p
	}
	for name, want := range rbac.CollectionRules() {
		c, err := app.FindCollectionByNameOrId(name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got := map[string][2]string{
			"list":   {str(c.ListRule), str(want.List)},
			"view":   {str(c.ViewRule), str(want.View)},
			"create": {str(c.CreateRule), str(want.Create)},
			"update": {str(c.UpdateRule), str(want.Update)},
			"delete": {str(c.DeleteRule), str(want.Delete)},
		}
		for op, pair := range got {
			if pair[0] != pair[1] {
				t.Errorf("%s %s rule drifted:\n db:     %s\n source: %s", name, op, pair[0], pair[1])
			}
		}
	}
	users, _ := app.FindCollectionByNameOrId("users")
	if str(users.AuthRule) != rbac.AuthRule || str(users.ManageRule) != rbac.ManageRule {
		t.Errorf("users auth/manage rules drifted: %q %q", str(users.AuthRule), str(users.ManageRule))
	}
}
