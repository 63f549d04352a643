package notify_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/notify"
	ta "github.com/studio/studio/internal/testapp"
)

// staffNotify creates notifications as business code does, in a transaction.
func staffNotify(t *testing.T, app core.App, users []string, kind, title string) {
	t.Helper()
	if err := app.RunInTransaction(func(tx core.App) error {
		return notify.Staff(tx, users, kind, title, "body", "")
	}); err != nil {
		t.Fatal(err)
	}
}

func TestPhotographerReceivesOnlyTheirOwnNotificationLive(t *testing.T) {
	t.Parallel()
	app := ta.New(t)
	staff := ta.NewStaff(t, app)
	base := ta.Serve(t, app)
	mine := ta.Subscribe(t, base, ta.Token(t, staff.Photographer), "notifications")
	other := ta.Subscribe(t, base, ta.Token(t, staff.Photographer2), "notifications")

	staffNotify(t, app, []string{staff.Photographer.Id}, notify.KindAssignment, "New assignment: S-2026-00042")

	ev, ok := mine.Next(time.Second)
	if !ok {
		t.Fatal("the assigned photographer got no notification within a second")
	}
	if ev.Topic != "notifications" || ev.Action() != "create" || ev.Record()["kind"] != notify.KindAssignment ||
		ev.Record()["user"] != staff.Photographer.Id {
		t.Fatalf("unexpected event %+v", ev)
	}

	// a notification of the other photographer's own arrives as their first event:
	// the first photographer's one never reached them
	staffNotify(t, app, []string{staff.Photographer2.Id}, notify.KindReassignment, "Reassigned")
	ev, ok = other.Next(5 * time.Second)
	if !ok || ev.Record()["user"] != staff.Photographer2.Id {
		t.Fatalf("the other photographer's first event is %+v (ok=%v), want their own notification", ev, ok)
	}
	// and the same the other way round
	staffNotify(t, app, []string{staff.Photographer.Id}, notify.KindAssignment, "Second assignment")
	ev, ok = mine.Next(5 * time.Second)
	if !ok || ev.Record()["title"] != "Second assignment" {
		t.Fatalf("the first photographer's next event is %+v (ok=%v), want their second notification", ev, ok)
	}
}

func TestNotificationsAreListedReadAndMarkedOnlyByTheirUser(t *testing.T) {
	t.Parallel()
	app := ta.New(t)
	staff := ta.NewStaff(t, app)
	base := ta.Serve(t, app)
	editors, err := notify.ActiveUsersInRole(app, ta.RoleEditor)
	if err != nil || len(editors) != 2 {
		t.Fatalf("editors %v, %v", editors, err)
	}
	staffNotify(t, app, editors, notify.KindSessionAttended, "Session attended")
	url := base + "/api/collections/notifications/records"

	mine := ta.Do(t, http.MethodGet, url, ta.Token(t, staff.Editor), nil)
	if mine.Status != http.StatusOK || len(mine.Items()) != 1 || mine.Items()[0]["user"] != staff.Editor.Id {
		t.Fatalf("editor's list: %s", mine.Raw)
	}
	id := mine.IDs()[0]
	if res := ta.Do(t, http.MethodGet, url, ta.Token(t, staff.Photographer), nil); len(res.Items()) != 0 {
		t.Errorf("a photographer lists editors' notifications: %s", res.Raw)
	}
	// Both refusals come from the update rule: another editor cannot see
	// the notification (404); its owner sees it but may only mark it read
	// (403 FORBIDDEN).
	ta.Do(t, http.MethodPatch, url+"/"+id, ta.Token(t, staff.Editor2), map[string]any{"read": true}).Expect(t, http.StatusNotFound, "", "")
	ta.Do(t, http.MethodPatch, url+"/"+id, ta.Token(t, staff.Editor), map[string]any{"title": "changed"}).Expect(t, http.StatusForbidden, "rule", domain.CodeForbidden)
	if n, _ := app.FindRecordById("notifications", id); n.GetBool("read") || n.GetString("title") == "changed" {
		t.Errorf("a refused patch changed the notification: %v", n.PublicExport())
	}
	res := ta.Do(t, http.MethodPatch, url+"/"+id, ta.Token(t, staff.Editor), map[string]any{"read": true})
	if res.Status != http.StatusOK || res.Body["read"] != true {
		t.Fatalf("owner marks read: %d %s", res.Status, res.Raw)
	}
}

func TestStaffNotifiesEachUserOnce(t *testing.T) {
	t.Parallel()
	app := ta.New(t)
	staff := ta.NewStaff(t, app)
	staffNotify(t, app, []string{staff.Coordinator.Id, "", staff.Coordinator.Id, staff.Admin.Id}, notify.KindHighRiskClient, "High-risk client")
	for _, u := range []*core.Record{staff.Coordinator, staff.Admin} {
		n, err := app.CountRecords("notifications", dbx.HashExp{"user": u.Id, "kind": notify.KindHighRiskClient})
		if err != nil || n != 1 {
			t.Errorf("user %s has %d notifications (%v), want 1", u.GetString("name"), n, err)
		}
	}
}
