package guard

import (
	"encoding/json/v2"
	"net/url"
	"strings"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cast"

	"github.com/studio/studio/internal/domain"
)

// Subscription is one realtime subscription as PocketBase reads it.
type Subscription struct {
	// Topic is the part before the first "?": PocketBase matches it
	// against "<collection name or id>/<record id or *>" or, in the legacy
	// form, "<collection name or id>".
	Topic string
	// Query is the "query" of the subscription's options, each value as
	// the string PocketBase makes of it.
	Query map[string]string
}

// options is the JSON PocketBase decodes from the "options" parameter.
type options struct {
	Query   map[string]any `json:"query"`
	Headers map[string]any `json:"headers"`
}

// ParseSubscription reads sub the way PocketBase's subscriptions client
// does (url.Parse, the first "options" query value, encoding/json/v2, values
// made strings with cast.ToString). PocketBase drops silently what it cannot
// read and keeps the rest; the studio refuses instead, with 400
// VALIDATION_ERROR on "subscriptions": a subscription that is not a valid
// URL, whose query has a malformed escape, or whose options are not one
// JSON object of the expected shape.
func ParseSubscription(sub string) (Subscription, error) {
	topic, _, _ := strings.Cut(sub, "?")
	s := Subscription{Topic: topic, Query: map[string]string{}}
	u, err := url.Parse(sub)
	if err != nil {
		return s, unreadable(sub, err)
	}
	values, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return s, unreadable(sub, err)
	}
	raw := values.Get("options")
	if raw == "" {
		return s, nil
	}
	var opts options
	if err := json.Unmarshal([]byte(raw), &opts); err != nil {
		return s, unreadable(sub, err)
	}
	for k, v := range opts.Query {
		s.Query[k] = cast.ToString(v)
	}
	return s, nil
}

func unreadable(sub string, err error) error {
	return domain.Invalid("subscriptions", "The subscription %q cannot be read: %v.", sub, err).With("subscription", sub)
}

// Subscription checks one realtime subscription for the caller: refused
// when it cannot be read (400), when its filter does not parse or its
// expand passes the bound (400), or when its filter, sort or expand names
// a hidden field (403). A topic that names no collection carries no record
// events, so its options are not checked.
func (h Hidden) Subscription(app core.App, sub string) error {
	if sub == "" {
		return nil
	}
	s, err := ParseSubscription(sub)
	if err != nil {
		return err
	}
	name, _, _ := strings.Cut(s.Topic, "/")
	collection := find(app, name)
	if collection == nil {
		return nil
	}
	return h.Query(app, collection, s.Query["filter"], s.Query["sort"], s.Query["expand"])
}
