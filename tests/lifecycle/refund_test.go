package lifecycle_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/payments"
	ta "github.com/studio/studio/internal/testapp"
)

// TestRefundMatrixThroughAPI: one case per row of docs/rules.md §5.3, canceled
// through the API, checking the answer's refund and the Refund payment to
// the cent. The session total is 333.33, so the deposit is 166.67 (half a
// cent rounded away from zero) and 50% of it is 83.34.
func TestRefundMatrixThroughAPI(t *testing.T) {
	t.Parallel()
	cases := []struct {
		row, status, initiator string
		afterDeadline          bool
		paid, amount, pct      string
		rule                   string
	}{
		{"before confirmation", domain.StatusPreScheduled, domain.InitiatorClient, false, "0.00", "0.00", "100", payments.RuleBeforeConfirmation},
		{"Confirmed, client, within deadline", domain.StatusConfirmed, domain.InitiatorClient, false, "166.67", "166.67", "100", payments.RuleWithinDeadline},
		{"Confirmed, client, after deadline", domain.StatusConfirmed, domain.InitiatorClient, true, "166.67", "83.34", "50", payments.RuleAfterDeadline},
		{"Confirmed, company", domain.StatusConfirmed, domain.InitiatorCompany, false, "166.67", "166.67", "100", payments.RuleForceMajeure},
		{"Confirmed, force majeure after deadline", domain.StatusConfirmed, domain.InitiatorForceMajeure, true, "166.67", "166.67", "100", payments.RuleForceMajeure},
		{"Assigned, company", domain.StatusAssigned, domain.InitiatorCompany, false, "166.67", "166.67", "100", payments.RuleForceMajeure},
		{"Assigned, force majeure", domain.StatusAssigned, domain.InitiatorForceMajeure, false, "166.67", "166.67", "100", payments.RuleForceMajeure},
		{"Assigned, client", domain.StatusAssigned, domain.InitiatorClient, false, "166.67", "0.00", "0", payments.RuleClientAfterAssigned},
		{"Attended or later", domain.StatusAttended, domain.InitiatorCompany, false, "166.67", "0.00", "0", payments.RuleAfterAttended},
		{"In Editing", domain.StatusInEditing, domain.InitiatorClient, false, "166.67", "0.00", "0", payments.RuleAfterAttended},
	}
	for i, c := range cases {
		t.Run(c.row, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			id := f.newSession(t, f.now.Add(time.Duration(30+i)*24*time.Hour), "333.33", 1)
			f.drive(t, id, c.status)
			if c.afterDeadline {
				f.at(f.session(t, id).GetDateTime("changes_deadline").Time().Add(time.Second))
			}
			if got := f.netPaid(t, id).StringFixed(2); got != c.paid {
				t.Fatalf("net paid %s, want %s", got, c.paid)
			}
			r := f.must(t, coordinator, id, map[string]any{"to": domain.StatusCanceled, "reason": "Row " + c.row, "initiator": c.initiator})
			refund, _ := r.Body["refund"].(map[string]any)
			if refund["amount"] != c.amount || refund["rule"] != c.rule || refund["percentage"] != c.pct {
				t.Fatalf("answer refund %v, want %s %s%% %s", refund, c.amount, c.pct, c.rule)
			}
			refunds, err := f.app.FindRecordsByFilter("session_payments", "session = {:s} && payment_type = 'Refund'", "", 0, 0, dbx.Params{"s": id})
			if err != nil {
				t.Fatal(err)
			}
			if c.amount == "0.00" {
				if len(refunds) != 0 {
					t.Fatalf("no Refund payment for a zero refund, got %d", len(refunds))
				}
				return
			}
			if len(refunds) != 1 {
				t.Fatalf("%d Refund payments", len(refunds))
			}
			p := refunds[0]
			if amount(p, "amount") != c.amount || p.GetString("refund_rule") != c.rule || p.GetString("payment_status") != domain.PaymentVerified ||
				p.GetFloat("refund_percentage") != map[string]float64{"100": 100, "50": 50}[c.pct] || p.GetString("registered_by") != f.staff.Coordinator.Id {
				t.Fatalf("Refund payment %v", p.PublicExport())
			}
			if email, err := f.app.FindFirstRecordByFilter("outbox", "session = {:s} && template = 'cancellation'", dbx.Params{"s": id}); err != nil ||
				email.Get("data").(interface{ String() string }).String() == "" {
				t.Fatalf("cancellation email: %v", err)
			}
		})
	}
	t.Run("percentages come from settings", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		st, err := f.app.FindFirstRecordByFilter("studio_settings", "")
		if err != nil {
			t.Fatal(err)
		}
		st.Set("refund_after_deadline", 25)
		if err := f.app.Save(st); err != nil {
			t.Fatal(err)
		}
		id := f.newSession(t, f.now.Add(30*24*time.Hour), "333.33", 1)
		f.drive(t, id, domain.StatusConfirmed)
		f.at(f.session(t, id).GetDateTime("changes_deadline").Time().Add(time.Second))
		r := f.must(t, coordinator, id, map[string]any{"to": domain.StatusCanceled, "reason": "late", "initiator": domain.InitiatorClient})
		if refund := r.Body["refund"].(map[string]any); refund["amount"] != "41.67" || refund["percentage"] != "25" {
			t.Fatalf("refund %v, want 41.67 (25%% of 166.67)", refund)
		}
	})
	t.Run("PATCH cancel answers like the route", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		id := f.newSession(t, f.now.Add(30*24*time.Hour), "333.33", 1)
		f.drive(t, id, domain.StatusConfirmed)
		r := ta.Do(t, http.MethodPatch, f.records("sessions")+"/"+id, f.tok[coordinator], map[string]any{
			"status": domain.StatusCanceled, "cancellation_reason": "client moved", "cancellation_initiator": domain.InitiatorClient})
		if r.Status != 200 || f.netPaid(t, id).StringFixed(2) != "0.00" {
			t.Fatalf("PATCH cancel: %d %s, net paid %s", r.Status, r.Raw, f.netPaid(t, id))
		}
	})
}
