package notify

import (
	"bytes"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"
	"time"

	"github.com/studio/studio/internal/payments"
	"github.com/studio/studio/internal/settings"
)

//go:embed templates
var templateFS embed.FS

// Templates lists every email template (docs/rules.md §7).
var Templates = []string{
	TemplateConfirmation, TemplateMaterialReady, TemplateCancellation,
	TemplatePaymentReminder, TemplateDeliveryDateChanged,
}

// Rendered is one email ready to send: a single-line subject and the
// plain-text and HTML alternatives.
type Rendered struct {
	Subject string `json:"subject"`
	Text    string `json:"text"`
	HTML    string `json:"html"`
}

// ErrUnknownTemplate is returned for a template or language not shipped.
var ErrUnknownTemplate = fmt.Errorf("unknown email template")

// compiled holds both parts of every template in every language, parsed
// once from the embedded files (read-only after package initialisation).
var compiled = mustCompile()

type pair struct {
	text *texttemplate.Template
	html *htmltemplate.Template
}

func mustCompile() map[string]pair {
	out := map[string]pair{}
	for _, lang := range settings.Languages {
		for _, name := range Templates {
			base := "templates/" + lang + "/" + name
			txt := texttemplate.Must(texttemplate.ParseFS(templateFS, base+".txt"))
			html := htmltemplate.Must(htmltemplate.ParseFS(templateFS, "templates/layout.html", base+".html", base+".txt"))
			out[lang+"/"+name] = pair{text: txt, html: html}
		}
	}
	return out
}

// Render renders template name in lang with v. The subject is made
// header-safe (no CR, LF or other control character) whatever the data
// holds; the HTML part escapes every value through html/template.
func Render(name, lang string, v View) (Rendered, error) {
	p, ok := compiled[lang+"/"+name]
	if !ok {
		return Rendered{}, fmt.Errorf("%w: %s (%s)", ErrUnknownTemplate, name, lang)
	}
	var subject, text, page bytes.Buffer
	if err := p.text.ExecuteTemplate(&subject, "subject", v); err != nil {
		return Rendered{}, fmt.Errorf("render %s/%s subject: %w", lang, name, err)
	}
	if err := p.text.ExecuteTemplate(&text, name+".txt", v); err != nil {
		return Rendered{}, fmt.Errorf("render %s/%s text: %w", lang, name, err)
	}
	if err := p.html.ExecuteTemplate(&page, "layout", v); err != nil {
		return Rendered{}, fmt.Errorf("render %s/%s html: %w", lang, name, err)
	}
	return Rendered{
		Subject: HeaderSafe(subject.String()),
		Text:    strings.TrimSpace(text.String()) + "\n",
		HTML:    page.String(),
	}, nil
}

// SampleFacts are the data a template preview renders: a plausible client
// and session for every key any template uses, dated after now in the
// studio's time zone loc.
func SampleFacts(now time.Time, loc *time.Location) map[string]any {
	now = now.In(loc)
	starts := time.Date(now.Year(), now.Month(), now.Day(), 10, 0, 0, 0, loc).AddDate(0, 0, 21)
	return map[string]any{
		DataClientName:           "María José Pérez",
		DataSessionCode:          "S-" + starts.Format("2006") + "-00042",
		DataStartsAt:             starts,
		DataLocation:             "Hotel Casa Santo Domingo, Antigua Guatemala",
		DataTotal:                "2500.00",
		DataDepositAmount:        "1250.00",
		DataAmountPaid:           "1250.00",
		DataPaymentDeadline:      time.Date(now.Year(), now.Month(), now.Day(), 23, 59, 59, 0, loc).AddDate(0, 0, 5),
		DataChangesDeadline:      time.Date(starts.Year(), starts.Month(), starts.Day(), 23, 59, 59, 0, loc).AddDate(0, 0, -7),
		DataRefundAmount:         "625.00",
		DataRefundPercentage:     "50",
		DataRefundRule:           payments.RuleAfterDeadline,
		DataCancellationReason:   "Cambio de planes del cliente",
		DataDeliveryDate:         starts.AddDate(0, 0, 12),
		DataPreviousDeliveryDate: starts.AddDate(0, 0, 5),
	}
}
