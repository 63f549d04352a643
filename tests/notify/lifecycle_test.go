package notify_test

import (
	"strings"
	"testing"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/lifecycle"
	"github.com/studio/studio/internal/notify"
	"github.com/studio/studio/internal/rbac"
	ta "github.com/studio/studio/internal/testapp"
)

// TestCancellationEmailFromTheLifecycle cancels a Confirmed session
// through the state machine and checks the email the client receives
// states the refund the transition decided, its percentage and its rule.
func TestCancellationEmailFromTheLifecycle(t *testing.T) {
	t.Parallel()
	h := newHarness(t, notify.WorkerOptions{})
	h.setStudio(map[string]any{"studio_name": "Estudio Luz", "language": "en"})
	client := ta.Client(t, h.app, map[string]any{"full_name": "Lucía Morales"})
	session := ta.Session(t, h.app, client, map[string]any{"status": domain.StatusConfirmed})
	h.pass() // the confirmation email
	res, err := lifecycle.Transition(h.app, session.Id, domain.StatusCanceled, rbac.SystemActor(),
		lifecycle.Input{Reason: "Venue closed", Initiator: domain.InitiatorCompany})
	if err != nil {
		t.Fatal(err)
	}
	if res.Refund == nil {
		t.Fatal("no refund decision")
	}
	h.pass()
	var got *received
	for _, m := range h.mail.Messages() {
		if strings.Contains(m.Subject, "canceled") {
			got = &m
		}
	}
	if got == nil {
		t.Fatalf("no cancellation email among %d messages", len(h.mail.Messages()))
	}
	if len(got.To) != 1 || got.To[0] != client.GetString("email") {
		t.Errorf("recipients %v", got.To)
	}
	// The factory's session totals 1,000.00 with a 50% deposit: the
	// company's cancellation refunds all 500.00 of it.
	if res.Refund.Amount.StringFixed(2) != "500.00" || res.Refund.Percentage.String() != "100" {
		t.Fatalf("refund %s (%s%%), want 500.00 (100%%)", res.Refund.Amount, res.Refund.Percentage)
	}
	code := session.GetString("code")
	want := []string{"Hello Lucía Morales", code, "Venue closed", "Q 500.00", "100%", "canceled by the studio or by force majeure"}
	for _, w := range want {
		if !strings.Contains(got.Text, w) || !strings.Contains(got.HTML, w) {
			t.Errorf("cancellation email misses %q:\n%s", w, got.Text)
		}
	}
	if !strings.Contains(got.Subject, code) {
		t.Errorf("subject %q", got.Subject)
	}
}
