package api_test

import (
	"testing"
	"time"

	"github.com/studio/studio/internal/domain"
	ta "github.com/studio/studio/internal/testapp"
)

// TestRealtimeProbeDroppedWhenPermissionLost: a coordinator's subscription
// filtering on a private client field is accepted while it holds
// client.view. When its roles change to Photographer, the subscriptions the
// guard would now refuse are dropped, so the filter no longer answers
// questions about the client's notes; its harmless subscriptions stay.
func TestRealtimeProbeDroppedWhenPermissionLost(t *testing.T) {
	w := newWorld(t)
	coordUser := w.staff.Coordinator
	w.clientOwn.Set("notes", "VIP")
	if err := w.app.Save(w.clientOwn); err != nil {
		t.Fatal(err)
	}
	probe := "sessions/*?options=" + options(map[string]string{"filter": "client.notes ~ 'VIP'"})
	plain := "sessions/" + w.sessOwn.Id
	rt := ta.Subscribe(t, w.base, w.tokens[coordinator], probe, plain)

	photoRole, err := w.app.FindFirstRecordByData("roles", "name", ta.RolePhotographer)
	if err != nil {
		t.Fatal(err)
	}
	u, err := w.app.FindRecordById("users", coordUser.Id)
	if err != nil {
		t.Fatal(err)
	}
	u.Set("roles", []string{photoRole.Id})
	if err := w.app.Save(u); err != nil {
		t.Fatal(err)
	}

	ta.Assign(t, w.app, w.sessOwn, u, nil)
	for range 2 {
		if _, ok := rt.Next(time.Second); !ok {
			break
		}
	}

	s, err := w.app.FindRecordById("sessions", w.sessOwn.Id)
	if err != nil {
		t.Fatal(err)
	}
	s.Set("event_description", "after the demotion")
	if err := w.app.Save(s); err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for range 2 {
		ev, ok := rt.Next(2 * time.Second)
		if !ok {
			break
		}
		seen[ev.Topic]++
	}
	if seen[plain] != 1 {
		t.Errorf("the harmless subscription: want 1 event, got %v", seen)
	}
	if seen[probe] != 0 {
		t.Errorf("the probe on client notes still answers after client.view was lost: %v", seen)
	}
	if got := u.GetString("status"); got != domain.Active {
		t.Fatalf("user status %q", got)
	}
}
