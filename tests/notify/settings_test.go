package notify_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/notify"
	ta "github.com/studio/studio/internal/testapp"
)

// TestEmailFollowsSettingsChangedOverHTTP: an Admin sets the studio's
// language, currency and time zone over HTTP to non-default values, and the
// confirmation email the client then receives is in English, in US dollars
// and at New York's wall-clock time.
func TestEmailFollowsSettingsChangedOverHTTP(t *testing.T) {
	t.Parallel()
	h := newHarness(t, notify.WorkerOptions{})
	staff := ta.NewStaff(t, h.app)
	base := ta.Serve(t, h.app)
	st, err := h.app.FindFirstRecordByFilter("studio_settings", "")
	if err != nil {
		t.Fatal(err)
	}
	res := ta.Do(t, http.MethodPatch, base+"/api/collections/studio_settings/records/"+st.Id, ta.Token(t, staff.Admin),
		map[string]any{"studio_name": "Estudio Luz", "language": "en", "currency": "USD", "timezone": "America/New_York"})
	res.Expect(t, http.StatusOK, "", "")

	client := ta.Client(t, h.app, map[string]any{"full_name": "Rosa Ixcot"})
	// 2027-01-16 15:00 UTC is 10:00 AM on Saturday in New York (UTC-5 in
	// January); in Guatemala it would be 9:00.
	start := time.Date(2027, 1, 16, 15, 0, 0, 0, time.UTC)
	ta.Session(t, h.app, client, map[string]any{"status": domain.StatusConfirmed, "starts_at": start, "ends_at": start.Add(2 * time.Hour)})
	h.pass()
	var got *received
	for _, m := range h.mail.Messages() {
		if len(m.To) == 1 && m.To[0] == client.GetString("email") {
			got = &m
		}
	}
	if got == nil {
		t.Fatalf("no email to the client among %d messages", len(h.mail.Messages()))
	}
	// The factory's line is 1,000.00; the deposit is 50% of it.
	for _, want := range []string{"Hello Rosa Ixcot", "Saturday, January 16, 2027", "10:00 AM",
		"Total: US$ 1,000.00", "Deposit received: US$ 500.00", "Balance due: US$ 500.00"} {
		if !strings.Contains(got.Text, want) {
			t.Errorf("the confirmation misses %q:\n%s", want, got.Text)
		}
	}
	if !strings.HasPrefix(got.Subject, "Estudio Luz: your session ") || !strings.HasSuffix(got.Subject, " is confirmed") {
		t.Errorf("subject %q", got.Subject)
	}
}
