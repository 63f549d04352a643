package rbac

import (
	"slices"
	"strings"
	"testing"
)

// TestMatrixIsTheSpec pins the seeded matrix to docs/rules.md §1 for a few
// rows a mistake would be costly in.
func TestMatrixIsTheSpec(t *testing.T) {
	cases := []struct {
		role string
		perm Permission
		want bool
	}{
		{RoleAdmin, SystemAuditLog, true},
		{RoleCoordinator, SessionEditAll, false},
		{RoleCoordinator, SessionEditPreAssigned, true},
		{RoleCoordinator, ClientDelete, false},
		{RoleCoordinator, ReportFinancial, true},
		{RolePhotographer, SessionMarkAttended, true},
		{RolePhotographer, SessionViewAll, false},
		{RolePhotographer, ClientView, false},
		{RoleEditor, SessionMarkReady, true},
		{RoleEditor, SessionMarkAttended, false},
	}
	for _, c := range cases {
		if got := slices.Contains(DefaultRoles[c.role], c.perm); got != c.want {
			t.Errorf("%s holds %s = %v, want %v", c.role, c.perm, got, c.want)
		}
	}
	if len(DefaultRoles[RoleAdmin]) != len(All) {
		t.Errorf("Admin must hold every permission")
	}
}

// TestNoCodeContainsAnotherQuoted guards the rule fragment has(): matching
// `"code"` in the JSON text is exact only while no quoted code is a
// substring of another.
func TestNoCodeContainsAnotherQuoted(t *testing.T) {
	for _, a := range All {
		for _, b := range All {
			if a != b && strings.Contains(`"`+b+`"`, `"`+a+`"`) {
				t.Errorf("%q contains %q", b, a)
			}
		}
		if strings.ContainsAny(a, `%_'"\`) {
			t.Errorf("%q has a LIKE or quote metacharacter", a)
		}
	}
}

// TestEveryCollectionHasRules: no studio collection is left with PocketBase's
// default (superusers only everywhere) by omission, and every rule that is
// not superuser-only requires an Active staff member.
func TestEveryCollectionHasRules(t *testing.T) {
	for name, r := range CollectionRules() {
		for op, rule := range map[string]*string{"list": r.List, "view": r.View, "create": r.Create, "update": r.Update, "delete": r.Delete} {
			if rule == nil {
				continue
			}
			if !strings.HasPrefix(*rule, activeStaff) {
				t.Errorf("%s %s rule does not start by requiring active staff: %s", name, op, *rule)
			}
		}
		if r.List == nil || r.View == nil {
			t.Errorf("%s has no list/view rule", name)
		}
	}
}

func TestActorCan(t *testing.T) {
	a := &Actor{permissions: []Permission{SessionViewOwn}}
	if !a.Can(SessionViewOwn) || a.Can(SessionViewAll) {
		t.Fatal("a staff actor holds exactly its permissions")
	}
	if err := a.Require(SessionCreate); err == nil {
		t.Fatal("Require must refuse a missing permission")
	}
	if !SystemActor().Can(SessionDelete) || !(&Actor{Superuser: true}).Can(SystemSettings) {
		t.Fatal("the system and superusers hold every permission")
	}
	var none *Actor
	if none.Can(SessionViewOwn) {
		t.Fatal("a nil actor holds nothing")
	}
}
