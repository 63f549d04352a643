package notify_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/notify"
	ta "github.com/studio/studio/internal/testapp"
)

func TestOutboxRowsCannotBeForgedThroughTheAPI(t *testing.T) {
	t.Parallel()
	app := ta.New(t)
	staff := ta.NewStaff(t, app)
	base := ta.Serve(t, app)
	root, admin := ta.Token(t, staff.Superuser), ta.Token(t, staff.Admin)
	url := base + "/api/collections/outbox/records"

	for name, tok := range map[string]string{"superuser": root, "admin": admin} {
		res := ta.Do(t, http.MethodPost, url, tok, map[string]any{"kind": "email", "recipient": "x@example.com", "template": "confirmation", "status": "Pending"})
		if res.Status != http.StatusForbidden && res.Status != http.StatusBadRequest {
			t.Errorf("%s created an outbox row: %d %s", name, res.Status, res.Raw)
		}
	}
	if n, _ := app.CountRecords("outbox"); n != 0 {
		t.Fatalf("%d outbox rows after forged creates", n)
	}

	sent := ta.Outbox(t, app, map[string]any{"status": domain.OutboxSent, "attempts": 1})
	failed := ta.Outbox(t, app, map[string]any{"status": domain.OutboxFailed, "attempts": 10, "last_error": "550 no such user"})
	refused := []struct {
		name  string
		id    string
		body  map[string]any
		field string
	}{
		{"edit last_error", failed.Id, map[string]any{"last_error": "forged"}, "status"},
		{"edit recipient while retrying", failed.Id, map[string]any{"status": "Pending", "recipient": "other@example.com"}, "recipient"},
		{"resend a Sent entry", sent.Id, map[string]any{"status": "Pending"}, "status"},
		{"mark Sent", failed.Id, map[string]any{"status": "Sent"}, "status"},
	}
	for _, c := range refused {
		t.Run(c.name, func(t *testing.T) {
			ta.Do(t, http.MethodPatch, url+"/"+c.id, root, c.body).Expect(t, http.StatusBadRequest, c.field, domain.CodeValidation)
		})
	}
	// The outbox's update rule is locked: only superusers.
	res := ta.Do(t, http.MethodPatch, url+"/"+failed.Id, admin, map[string]any{"status": "Pending"})
	res.Expect(t, http.StatusForbidden, "", "")
	if res.Message() != "Only superusers can perform this action." {
		t.Errorf("admin patched an outbox row: %s", res.Raw)
	}

	// the dashboard's retry: a superuser sets a Failed entry back to Pending
	res = ta.Do(t, http.MethodPatch, url+"/"+failed.Id, root, map[string]any{"status": "Pending"})
	if res.Status != http.StatusOK {
		t.Fatalf("superuser retry: %d %s", res.Status, res.Raw)
	}
	r, _ := app.FindRecordById("outbox", failed.Id)
	mustStatus(t, r, domain.OutboxPending, 0)
	if r.GetString("last_error") != "550 no such user" || r.GetString("recipient") != "client@example.com" {
		t.Errorf("retry changed more than the status: %v", r.PublicExport())
	}
}

func TestRetryRouteIsForSettingsHolders(t *testing.T) {
	t.Parallel()
	app := ta.New(t)
	staff := ta.NewStaff(t, app)
	base := ta.Serve(t, app)
	failed := ta.Outbox(t, app, map[string]any{"status": domain.OutboxFailed, "attempts": 4})
	pending := ta.Outbox(t, app, nil)
	retry := func(id string) string { return base + "/api/studio/outbox/" + id + "/retry" }

	for who, want := range map[string]int{"": http.StatusUnauthorized, "coordinator": http.StatusForbidden, "photographer": http.StatusForbidden} {
		tok := ""
		switch who {
		case "coordinator":
			tok = ta.Token(t, staff.Coordinator)
		case "photographer":
			tok = ta.Token(t, staff.Photographer)
		}
		if res := ta.Do(t, http.MethodPost, retry(failed.Id), tok, nil); res.Status != want {
			t.Errorf("%q: %d, want %d", who, res.Status, want)
		}
	}
	admin := ta.Token(t, staff.Admin)
	if res := ta.Do(t, http.MethodPost, retry(pending.Id), admin, nil); res.Status != http.StatusBadRequest {
		t.Errorf("retry of a Pending entry: %d %s", res.Status, res.Raw)
	}
	if res := ta.Do(t, http.MethodPost, retry("nosuchentry0000"), admin, nil); res.Status != http.StatusNotFound {
		t.Errorf("retry of a missing entry: %d", res.Status)
	}
	res := ta.Do(t, http.MethodPost, retry(failed.Id), admin, nil)
	if res.Status != http.StatusOK || res.Body["status"] != domain.OutboxPending {
		t.Fatalf("admin retry: %d %s", res.Status, res.Raw)
	}
	r, _ := app.FindRecordById("outbox", failed.Id)
	mustStatus(t, r, domain.OutboxPending, 0)
}

func TestTemplatePreview(t *testing.T) {
	t.Parallel()
	app := ta.New(t)
	staff := ta.NewStaff(t, app)
	base := ta.Serve(t, app)
	admin := ta.Token(t, staff.Admin)
	greeting := map[string]string{"es": "Hola María José Pérez", "en": "Hello María José Pérez"}
	for _, lang := range []string{"es", "en"} {
		for _, name := range notify.Templates {
			res := ta.Do(t, http.MethodGet, base+"/api/studio/templates/"+name+"/preview?lang="+lang, admin, nil)
			if res.Status != http.StatusOK {
				t.Fatalf("%s/%s: %d %s", lang, name, res.Status, res.Raw)
			}
			subject, _ := res.Body["subject"].(string)
			text, _ := res.Body["text"].(string)
			html, _ := res.Body["html"].(string)
			if subject == "" || !strings.Contains(text, greeting[lang]) || !strings.Contains(html, greeting[lang]) || res.Body["lang"] != lang {
				t.Errorf("%s/%s preview: %s", lang, name, res.Raw)
			}
		}
	}
	// without lang: the studio's language (es by default)
	if res := ta.Do(t, http.MethodGet, base+"/api/studio/templates/confirmation/preview", admin, nil); res.Body["lang"] != "es" {
		t.Errorf("default language preview: %s", res.Raw)
	}
	for _, c := range []struct {
		path, token string
		want        int
	}{
		{"/api/studio/templates/confirmation/preview?lang=fr", admin, http.StatusBadRequest},
		{"/api/studio/templates/welcome/preview?lang=es", admin, http.StatusNotFound},
		{"/api/studio/templates/confirmation/preview?lang=es", ta.Token(t, staff.Coordinator), http.StatusForbidden},
		{"/api/studio/templates/confirmation/preview?lang=es", "", http.StatusUnauthorized},
	} {
		if res := ta.Do(t, http.MethodGet, base+c.path, c.token, nil); res.Status != c.want {
			t.Errorf("%s: %d, want %d", c.path, res.Status, c.want)
		}
	}
}
