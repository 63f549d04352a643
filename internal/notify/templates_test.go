package notify

import (
	"strings"
	"testing"
	"time"

	"github.com/studio/studio/internal/settings"
)

func sampleView(t *testing.T, lang string, facts map[string]any) View {
	t.Helper()
	s := settings.Defaults()
	s.StudioName = "Estudio Luz"
	v, err := NewView(facts, s, lang)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestEveryTemplateRendersInBothLanguages(t *testing.T) {
	now := time.Date(2026, 11, 26, 15, 0, 0, 0, time.UTC)
	words := map[string][]string{
		"es": {"Hola María José Pérez", "Q 1,250.00"},
		"en": {"Hello María José Pérez", "Q 1,250.00"},
	}
	for _, lang := range settings.Languages {
		v := sampleView(t, lang, SampleFacts(now, settings.Defaults().Location()))
		for _, name := range Templates {
			r, err := Render(name, lang, v)
			if err != nil {
				t.Fatalf("%s/%s: %v", lang, name, err)
			}
			if r.Subject == "" || strings.ContainsAny(r.Subject, "\r\n") || !strings.Contains(r.Subject, "Estudio Luz") {
				t.Errorf("%s/%s subject %q", lang, name, r.Subject)
			}
			for _, part := range []string{r.Text, r.HTML} {
				if !strings.Contains(part, v.SessionCode) || !strings.Contains(part, words[lang][0]) {
					t.Errorf("%s/%s part misses the session code or greeting:\n%s", lang, name, part)
				}
				if strings.Contains(part, "<no value>") {
					t.Errorf("%s/%s renders a missing value:\n%s", lang, name, part)
				}
			}
			if name == TemplatePaymentReminder || name == TemplateConfirmation {
				if !strings.Contains(r.Text, words[lang][1]) {
					t.Errorf("%s/%s text misses the amount %s:\n%s", lang, name, words[lang][1], r.Text)
				}
			}
			if !strings.Contains(r.HTML, `<html lang="`+lang+`">`) {
				t.Errorf("%s/%s html has no lang attribute", lang, name)
			}
		}
	}
}

func TestCancellationStatesRefundPercentageAndRule(t *testing.T) {
	now := time.Date(2026, 11, 26, 15, 0, 0, 0, time.UTC)
	for lang, rule := range map[string]string{
		"es": "cancelación por el cliente después del plazo de cambios",
		"en": "canceled by the client after the changes deadline",
	} {
		r, err := Render(TemplateCancellation, lang, sampleView(t, lang, SampleFacts(now, settings.Defaults().Location())))
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"Q 625.00", "50%", "Q 1,250.00", rule} {
			if !strings.Contains(r.Text, want) || !strings.Contains(r.HTML, want) {
				t.Errorf("%s cancellation misses %q:\n%s", lang, want, r.Text)
			}
		}
	}
}

func TestClientValuesAreEscapedInHTMLAndSubjectsStayOneLine(t *testing.T) {
	facts := SampleFacts(time.Now(), time.UTC)
	facts[DataClientName] = `<script>alert("x")</script> Ana`
	facts[DataSessionCode] = "S-1\r\nBcc: victim@example.com"
	facts[DataLocation] = `<img src=x onerror=alert(1)>`
	for _, lang := range settings.Languages {
		for _, name := range Templates {
			r, err := Render(name, lang, sampleView(t, lang, facts))
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(r.HTML, "<script>") || strings.Contains(r.HTML, "<img") {
				t.Errorf("%s/%s html carries raw markup:\n%s", lang, name, r.HTML)
			}
			if !strings.Contains(r.HTML, "&lt;script&gt;") {
				t.Errorf("%s/%s html does not show the escaped name", lang, name)
			}
			if strings.ContainsAny(r.Subject, "\r\n") || !strings.Contains(r.Subject, "S-1 Bcc: victim@example.com") {
				t.Errorf("%s/%s subject %q", lang, name, r.Subject)
			}
		}
	}
}

func TestUnknownTemplateOrLanguage(t *testing.T) {
	if _, err := Render("welcome", "es", View{}); err == nil {
		t.Error("unknown template rendered")
	}
	if _, err := Render(TemplateConfirmation, "fr", View{}); err == nil {
		t.Error("unknown language rendered")
	}
}

func TestMalformedFactsAreRefused(t *testing.T) {
	for key, bad := range map[string]any{DataTotal: "12,50", DataStartsAt: "tomorrow", DataRefundPercentage: true} {
		facts := SampleFacts(time.Now(), time.UTC)
		facts[key] = bad
		if _, err := NewView(facts, settings.Defaults(), "es"); err == nil {
			t.Errorf("%s=%v accepted", key, bad)
		}
	}
}
