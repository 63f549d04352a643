package notify

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/settings"
)

// Preview is a template rendered with sample facts, for the settings
// screen.
type Preview struct {
	Template string `json:"template"`
	Lang     string `json:"lang"`
	Rendered
}

// PreviewTemplate renders template name in lang (the studio's language if
// "") with SampleFacts and the studio's settings. An unknown template
// answers an error wrapping ErrUnknownTemplate.
func PreviewTemplate(app core.App, name, lang string) (*Preview, error) {
	if !slices.Contains(Templates, name) {
		return nil, fmt.Errorf("%w: %s; templates are %s", ErrUnknownTemplate, name, strings.Join(Templates, ", "))
	}
	s, err := settings.Load(app)
	if err != nil {
		return nil, err
	}
	if lang == "" {
		lang = s.Language
	}
	if !slices.Contains(settings.Languages, lang) {
		return nil, domain.Invalid("lang", "Unknown language; use one of %s.", strings.Join(settings.Languages, ", "))
	}
	v, err := NewView(SampleFacts(settings.Now(app), s.Location()), s, lang)
	if err != nil {
		return nil, err
	}
	r, err := Render(name, lang, v)
	if err != nil {
		return nil, err
	}
	return &Preview{Template: name, Lang: lang, Rendered: r}, nil
}
