package api_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/rbac"
	ta "github.com/studio/studio/internal/testapp"
)

func login(t *testing.T, base, email string) ta.Response {
	t.Helper()
	return ta.Do(t, http.MethodPost, base+"/api/collections/users/auth-with-password", "",
		map[string]any{"identity": email, "password": ta.Password})
}

// TestInactiveUsersCannotAuthenticate: deactivating a user (DELETE) stops
// new logins and makes the tokens they already hold useless.
func TestInactiveUsersCannotAuthenticate(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	email := w.staff.Coordinator.Email()
	if r := login(t, w.base, email); r.Status != http.StatusOK {
		t.Fatalf("active coordinator cannot log in: %d %s", r.Status, r.Raw)
	}
	oldToken := w.tokens[coordinator]
	if r := ta.Do(t, http.MethodGet, w.url("clients"), oldToken, nil); len(r.Items()) == 0 {
		t.Fatalf("coordinator should list clients before deactivation: %s", r.Raw)
	}

	if r := ta.Do(t, http.MethodDelete, w.url("users", w.staff.Coordinator.Id), w.tokens[admin], nil); r.Status != http.StatusNoContent {
		t.Fatalf("deactivate: %d %s", r.Status, r.Raw)
	}
	u, err := w.app.FindRecordById("users", w.staff.Coordinator.Id)
	if err != nil || u.GetString("status") != domain.Inactive {
		t.Fatalf("user must remain, Inactive: %v %v", err, u)
	}
	// The users auth rule (status = "Active") refuses the login.
	if r := login(t, w.base, email); r.Status != http.StatusForbidden || r.Message() != "The request doesn't satisfy the collection requirements to authenticate." {
		t.Fatalf("inactive user: want the auth rule's 403, got %s", r.Raw)
	}
	if r := ta.Do(t, http.MethodGet, w.url("clients"), oldToken, nil); len(r.Items()) != 0 {
		t.Fatalf("an inactive user's old token still lists clients: %s", r.Raw)
	}
	if r := ta.Do(t, http.MethodPost, w.url("clients"), oldToken, map[string]any{
		"full_name": "X", "email": ta.Unique("x") + "@example.com", "primary_phone": "1"}); r.Status != http.StatusForbidden || r.FieldCode("rule") != domain.CodeForbidden {
		t.Fatalf("an inactive user's old token must meet the create rule's refusal: %s", r.Raw)
	}
}

// TestRoleEditAppliesAtOnce: an Admin grants client.view to Photographer and
// a photographer sees every client on the next request; revoking it hides
// them again. No deploy, no new token.
func TestRoleEditAppliesAtOnce(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	role, err := w.app.FindFirstRecordByData("roles", "name", ta.RolePhotographer)
	if err != nil {
		t.Fatal(err)
	}
	photo := w.tokens[photographer]
	if r := ta.Do(t, http.MethodGet, w.url("clients", w.clientOther.Id), photo, nil); r.Status != http.StatusNotFound {
		t.Fatalf("photographer sees another's client before the grant: %s", r.Raw)
	}
	seeded := role.GetStringSlice("permissions")
	grant := append(slices.Clone(seeded), "client.view")
	if r := ta.Do(t, http.MethodPatch, w.url("roles", role.Id), w.tokens[admin], map[string]any{"permissions": grant}); r.Status != http.StatusOK {
		t.Fatalf("grant: %d %s", r.Status, r.Raw)
	}
	r := ta.Do(t, http.MethodGet, w.url("clients", w.clientOther.Id), photo, nil)
	if r.Status != http.StatusOK || r.Body["notes"] == nil {
		t.Fatalf("after the grant the photographer should see the whole client: %d %s", r.Status, r.Raw)
	}
	if r := ta.Do(t, http.MethodPatch, w.url("roles", role.Id), w.tokens[admin], map[string]any{"permissions": seeded}); r.Status != http.StatusOK {
		t.Fatalf("revoke: %d %s", r.Status, r.Raw)
	}
	if r := ta.Do(t, http.MethodGet, w.url("clients", w.clientOther.Id), photo, nil); r.Status != http.StatusNotFound {
		t.Fatalf("photographer still sees another's client after the revoke: %s", r.Raw)
	}
}

// TestUsersCannotGrantThemselves: a user may edit their own profile but not
// their roles, permissions or status.
func TestUsersCannotGrantThemselves(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	adminRole, _ := w.app.FindFirstRecordByData("roles", "name", ta.RoleAdmin)
	self := w.url("users", w.staff.Photographer.Id)
	photo := w.tokens[photographer]
	for _, body := range []map[string]any{
		{"roles": []string{adminRole.Id}},
		{"status": domain.Inactive},
	} {
		if r := ta.Do(t, http.MethodPatch, self, photo, body); r.Status != http.StatusForbidden && r.Status != http.StatusBadRequest {
			t.Errorf("self-edit %v: want refusal, got %d %s", body, r.Status, r.Raw)
		}
	}
	// permissions is derived: whatever is sent, the roles decide.
	r := ta.Do(t, http.MethodPatch, self, photo, map[string]any{"permissions": []string{rbac.SessionViewAll}})
	u, _ := w.app.FindRecordById("users", w.staff.Photographer.Id)
	for _, p := range u.GetStringSlice("permissions") {
		if p == rbac.SessionViewAll {
			t.Fatalf("a user granted themselves %s (%d %s)", p, r.Status, r.Raw)
		}
	}
	if got := u.GetStringSlice("roles"); len(got) != 1 {
		t.Fatalf("roles changed: %v", got)
	}
}
