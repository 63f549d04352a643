package notify_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/studio/studio/internal/notify"
	ta "github.com/studio/studio/internal/testapp"
)

// TestHostileClientFieldsAreEscapedOrNeutralised saves markup and
// header-breaking line breaks in client, session and studio fields through
// the REST API and checks the email that reaches the server.
func TestHostileClientFieldsAreEscapedOrNeutralised(t *testing.T) {
	t.Parallel()
	h := newHarness(t, notify.WorkerOptions{})
	staff := ta.NewStaff(t, h.app)
	base := ta.Serve(t, h.app)
	coordinator, admin := ta.Token(t, staff.Coordinator), ta.Token(t, staff.Admin)

	hostileName := "Ana <script>alert('x')</script>\r\nBcc: victim@evil.example"
	res := ta.Do(t, http.MethodPost, base+"/api/collections/clients/records", coordinator, map[string]any{
		"full_name": hostileName, "email": "ana@example.com", "primary_phone": "+502 5555 0000", "client_type": "Individual",
	})
	if res.Status != http.StatusOK {
		t.Fatalf("create client: %d %s", res.Status, res.Raw)
	}
	clientID, _ := res.Body["id"].(string)
	settingsRec, err := h.app.FindFirstRecordByFilter("studio_settings", "")
	if err != nil {
		t.Fatal(err)
	}
	res = ta.Do(t, http.MethodPatch, base+"/api/collections/studio_settings/records/"+settingsRec.Id, admin, map[string]any{
		"studio_name": "Luz\r\nBcc: studio-victim@evil.example\r\nX-Injected: yes",
	})
	if res.Status != http.StatusOK {
		t.Fatalf("rename studio: %d %s", res.Status, res.Raw)
	}
	client, err := h.app.FindRecordById("clients", clientID)
	if err != nil {
		t.Fatal(err)
	}
	session := ta.Session(t, h.app, client, map[string]any{
		"session_type": "External", "location": `<img src=x onerror="alert(1)">`,
	})
	h.queue(notify.EmailIntent{Template: notify.TemplateConfirmation, Recipient: client.GetString("email"), Session: session.Id,
		Data: map[string]any{"session_code": "S-9\r\nBcc: code-victim@evil.example"}})
	h.pass()

	got := h.mail.Messages()
	if len(got) != 1 {
		t.Fatalf("received %d messages", len(got))
	}
	m := got[0]
	if len(m.To) != 1 || m.To[0] != "ana@example.com" {
		t.Errorf("recipients %v: the injected Bcc reached the envelope", m.To)
	}
	for _, h := range []string{"Bcc", "X-Injected"} {
		if v := m.Header.Get(h); v != "" {
			t.Errorf("header %s: %q was injected", h, v)
		}
	}
	if strings.ContainsAny(m.Subject, "\r\n") || !strings.Contains(m.Subject, "Bcc: code-victim@evil.example") {
		t.Errorf("subject %q is not the one-line text it should be", m.Subject)
	}
	if strings.Contains(m.HTML, "<script>") || strings.Contains(m.HTML, "<img") {
		t.Errorf("html carries the client's markup:\n%s", m.HTML)
	}
	if !strings.Contains(m.HTML, "&lt;script&gt;") || !strings.Contains(m.HTML, "&lt;img") {
		t.Errorf("html does not show the escaped values:\n%s", m.HTML)
	}
	if !strings.Contains(m.Text, "<script>alert('x')</script>") {
		t.Errorf("the plain-text part should show the name as typed:\n%s", m.Text)
	}
}
