package notify_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/notify"
	"github.com/studio/studio/internal/payments"
	"github.com/studio/studio/internal/settings"
	ta "github.com/studio/studio/internal/testapp"
)

// facts is what a business transaction snapshots into an intent.
func facts() map[string]any {
	return map[string]any{
		"session_code": "S-2026-00042", "client_name": "Ana López",
		"starts_at": "2026-12-12 22:30:00.000Z", "location": "Finca El Zapote",
		"total": "2500.00", "deposit_amount": "1250.00", "amount_paid": "1250.00",
		"payment_deadline": "2026-12-02 05:59:59.000Z", "refund_amount": "1250.00",
		"refund_percentage": "100", "refund_rule": payments.RuleForceMajeure, "reason": "Tormenta tropical",
		"estimated_delivery_date": "2026-12-19", "previous_delivery_date": "2026-12-17",
	}
}

func TestEveryEmailArrivesWithBothPartsInTheStudioLanguage(t *testing.T) {
	t.Parallel()
	subjects := map[string]string{
		"es/" + notify.TemplateConfirmation:        "Estudio Luz: su sesión S-2026-00042 está confirmada",
		"es/" + notify.TemplateMaterialReady:       "Estudio Luz: su material de la sesión S-2026-00042 está listo",
		"es/" + notify.TemplateCancellation:        "Estudio Luz: su sesión S-2026-00042 fue cancelada",
		"es/" + notify.TemplatePaymentReminder:     "Estudio Luz: recordatorio de pago de la sesión S-2026-00042",
		"es/" + notify.TemplateDeliveryDateChanged: "Estudio Luz: nueva fecha de entrega de la sesión S-2026-00042",
		"en/" + notify.TemplateConfirmation:        "Estudio Luz: your session S-2026-00042 is confirmed",
		"en/" + notify.TemplateMaterialReady:       "Estudio Luz: the material of session S-2026-00042 is ready",
		"en/" + notify.TemplateCancellation:        "Estudio Luz: your session S-2026-00042 was canceled",
		"en/" + notify.TemplatePaymentReminder:     "Estudio Luz: payment reminder for session S-2026-00042",
		"en/" + notify.TemplateDeliveryDateChanged: "Estudio Luz: new delivery date for session S-2026-00042",
	}
	// what each email must state, in both parts (Guatemala is UTC-6: the
	// session at 22:30Z is 16:30 on Saturday the 12th)
	mustSay := map[string][]string{
		"es/" + notify.TemplateConfirmation:        {"Hola Ana López", "sábado, 12 de diciembre de 2026", "16:30", "Q 2,500.00", "Q 1,250.00", "Finca El Zapote"},
		"es/" + notify.TemplateMaterialReady:       {"Hola Ana López", "listo para entrega", "Q 1,250.00"},
		"es/" + notify.TemplateCancellation:        {"Hola Ana López", "Q 1,250.00", "100%", "cancelación por el estudio o por fuerza mayor", "Tormenta tropical"},
		"es/" + notify.TemplatePaymentReminder:     {"Hola Ana López", "martes, 1 de diciembre de 2026, 23:59 h", "Q 1,250.00", "Q 2,500.00"},
		"es/" + notify.TemplateDeliveryDateChanged: {"Hola Ana López", "sábado, 19 de diciembre de 2026", "jueves, 17 de diciembre de 2026"},
		"en/" + notify.TemplateConfirmation:        {"Hello Ana López", "Saturday, December 12, 2026", "4:30 PM", "Q 2,500.00", "Q 1,250.00", "Finca El Zapote"},
		"en/" + notify.TemplateMaterialReady:       {"Hello Ana López", "ready for delivery", "Q 1,250.00"},
		"en/" + notify.TemplateCancellation:        {"Hello Ana López", "Q 1,250.00", "100%", "canceled by the studio or by force majeure", "Tormenta tropical"},
		"en/" + notify.TemplatePaymentReminder:     {"Hello Ana López", "Tuesday, December 1, 2026 at 11:59 PM", "Q 1,250.00", "Q 2,500.00"},
		"en/" + notify.TemplateDeliveryDateChanged: {"Hello Ana López", "Saturday, December 19, 2026", "Thursday, December 17, 2026"},
	}
	for _, lang := range settings.Languages {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, notify.WorkerOptions{})
			h.setStudio(map[string]any{"studio_name": "Estudio Luz", "language": lang, "currency": "GTQ", "timezone": "America/Guatemala"})
			ids := map[string]string{}
			for _, name := range notify.Templates {
				e := h.queue(notify.EmailIntent{Template: name, Recipient: name + "." + lang + "@example.com", Data: facts()})
				ids[e.Id] = name
			}
			if p := h.pass(); p.Sent != len(notify.Templates) {
				t.Fatalf("pass %+v, want %d sent", p, len(notify.Templates))
			}
			got := h.mail.Messages()
			if len(got) != len(notify.Templates) {
				t.Fatalf("received %d messages, want %d", len(got), len(notify.Templates))
			}
			for _, m := range got {
				name := ids[m.EntryID]
				key := lang + "/" + name
				if want := name + "." + lang + "@example.com"; len(m.To) != 1 || m.To[0] != want {
					t.Errorf("%s: recipients %v, want [%s]", key, m.To, want)
				}
				if m.From != "studio@example.com" || !strings.Contains(m.Header.Get("From"), "Estudio Luz") {
					t.Errorf("%s: from %q / header %q", key, m.From, m.Header.Get("From"))
				}
				if m.Subject != subjects[key] {
					t.Errorf("%s: subject %q, want %q", key, m.Subject, subjects[key])
				}
				for _, want := range mustSay[key] {
					if !strings.Contains(m.Text, want) {
						t.Errorf("%s: text part misses %q:\n%s", key, want, m.Text)
					}
					if !strings.Contains(m.HTML, want) {
						t.Errorf("%s: html part misses %q:\n%s", key, want, m.HTML)
					}
				}
				e := h.entry(m.EntryID)
				mustStatus(t, e, domain.OutboxSent, 1)
				if e.GetString("message_id") != m.MessageID || m.MessageID == "" {
					t.Errorf("%s: stored message_id %q, received %q", key, e.GetString("message_id"), m.MessageID)
				}
				if !e.GetDateTime("sent_at").Time().Equal(h.now) {
					t.Errorf("%s: sent_at %v, want %v", key, e.GetDateTime("sent_at"), h.now)
				}
			}
			if p := h.pass(); p.Claimed != 0 {
				t.Errorf("a second pass claimed %d sent entries", p.Claimed)
			}
		})
	}
}

func TestEmailReadsItsSessionAndClient(t *testing.T) {
	t.Parallel()
	h := newHarness(t, notify.WorkerOptions{})
	h.setStudio(map[string]any{"studio_name": "Estudio Luz", "language": "es", "currency": "USD", "timezone": "America/Guatemala"})
	client := ta.Client(t, h.app, map[string]any{"full_name": "Rosa Ixcot"})
	room := ta.Room(t, h.app, map[string]any{"name": "Sala Jade"})
	// 2027-01-16 15:00 UTC is 9:00 on Saturday in Guatemala (UTC-6).
	start := time.Date(2027, 1, 16, 15, 0, 0, 0, time.UTC)
	session := ta.Session(t, h.app, client, map[string]any{"room": room.Id, "starts_at": start, "ends_at": start.Add(2 * time.Hour)})
	h.queue(notify.EmailIntent{Template: notify.TemplateConfirmation, Recipient: client.GetString("email"), Session: session.Id,
		Data: map[string]any{"total": "1250"}})
	h.pass()
	got := h.mail.Messages()
	if len(got) != 1 {
		t.Fatalf("received %d messages", len(got))
	}
	for _, want := range []string{"Hola Rosa Ixcot", "sábado, 16 de enero de 2027", "09:00", "Sala Jade", "US$ 1,250.00"} {
		if !strings.Contains(got[0].Text, want) {
			t.Errorf("text misses %q:\n%s", want, got[0].Text)
		}
	}
}

func TestNothingIsQueuedWhenTheBusinessTransactionRollsBack(t *testing.T) {
	t.Parallel()
	h := newHarness(t, notify.WorkerOptions{})
	err := h.app.RunInTransaction(func(tx core.App) error {
		if err := notify.Email(tx, notify.EmailIntent{Template: notify.TemplateConfirmation, Recipient: "gone@example.com", Data: facts()}); err != nil {
			return err
		}
		return fmt.Errorf("guard failed")
	})
	if err == nil {
		t.Fatal("transaction did not fail")
	}
	if p := h.pass(); p.Claimed != 0 {
		t.Fatalf("worker claimed %d entries of a rolled back transaction", p.Claimed)
	}
	if n := len(h.mail.Messages()); n != 0 {
		t.Fatalf("%d emails sent", n)
	}
}
