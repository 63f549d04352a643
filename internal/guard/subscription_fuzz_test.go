package guard_test

import (
	"errors"
	"maps"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tools/subscriptions"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/guard"
	ta "github.com/studio/studio/internal/testapp"
)

// subscriptionSeeds are the spellings of the outside attack and their
// neighbours: topics by name and id, malformed escapes, broken options.
var subscriptionSeeds = []string{
	"clients/*",
	"clients/*?options=" + url.QueryEscape(`{"query":{"filter":"notes ~ 'x'"}}`),
	"pbc_2442875294/*?options=" + url.QueryEscape(`{"query":{"filter":"notes ~ 'x'"}}`),
	"clients/*?x=%zz&options=" + url.QueryEscape(`{"query":{"filter":"notes ~ 'x'"}}`),
	"sessions/*?x=%zz&options=" + url.QueryEscape(`{"query":{"filter":"client.notes ~ 'x'"}}`),
	"sessions/*?options=" + url.QueryEscape(`{"query":{"expand":"client.sessions_via_client"}}`),
	"sessions/*?options=" + url.QueryEscape(`{"query":{"sort":"-client.notes","filter":"client.full_name ~ 'a'"}}`),
	"clients?options=" + url.QueryEscape(`{"query":{"filter":"full_name != '' // '\n&& notes ~ 'x'"}}`),
	"clients/*?options=" + url.QueryEscape(`{"query":{"filter":"notes ~ 'x'"},"headers":5}`),
	"clients/*?options=" + url.QueryEscape(`{"query":{"filter":["notes ~ 'x'"]}}`),
	"clients/*?options={\"query\":{\"filter\":\"notes ~ 'x'\"}}",
	"session_photographers/*?options=" + url.QueryEscape(`{"query":{"filter":"session.client.secondary_phone != ''"}}`),
	"notifications?options=" + url.QueryEscape(`{"query":{"filter":"notes ~ 'x'"}}`),
	"?options=%7B%7D", "%", "clients/*?options=",
}

// FuzzParseSubscription: whenever the studio reads a subscription, it
// reads the same options PocketBase's own subscriptions client stores for
// it, so the guard checks exactly what PocketBase will apply.
func FuzzParseSubscription(f *testing.F) {
	for _, s := range subscriptionSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, sub string) {
		s, err := guard.ParseSubscription(sub)
		if err != nil {
			var de *domain.Error
			if !errors.As(err, &de) || de.ErrCode != domain.CodeValidation || de.Field != "subscriptions" {
				t.Fatalf("refusal of %q is not VALIDATION_ERROR on subscriptions: %#v", sub, err)
			}
			return
		}
		if before, _, _ := strings.Cut(sub, "?"); s.Topic != before {
			t.Fatalf("topic of %q read as %q", sub, s.Topic)
		}
		if sub == "" {
			return
		}
		pb := subscriptions.NewDefaultClient()
		pb.Subscribe(sub)
		got, ok := pb.Subscriptions()[sub]
		if !ok {
			t.Fatalf("PocketBase did not store %q", sub)
		}
		if !maps.Equal(got.Query, s.Query) {
			t.Fatalf("%q: PocketBase reads query %v, the guard %v", sub, got.Query, s.Query)
		}
	})
}

// FuzzSubscriptionGuard runs the guard as a photographer and as a
// coordinator over random subscriptions: a refusal is always a clear 400
// or 403, and what a photographer may subscribe to a coordinator (who sees
// more) may too.
func FuzzSubscriptionGuard(f *testing.F) {
	for _, s := range subscriptionSeeds {
		f.Add(s)
	}
	app := ta.New(f)
	photographer := guard.ClientsPrivate()
	coordinator := guard.Hidden{}
	f.Fuzz(func(t *testing.T, sub string) {
		errP := photographer.Subscription(app, sub)
		errC := coordinator.Subscription(app, sub)
		for _, err := range []error{errP, errC} {
			if err == nil {
				continue
			}
			var de *domain.Error
			if !errors.As(err, &de) || (de.HTTPStatus() != http.StatusBadRequest && de.HTTPStatus() != http.StatusForbidden) {
				t.Fatalf("refusal of %q is not a 400 or 403 domain error: %#v", sub, err)
			}
		}
		if errP == nil && errC != nil {
			t.Fatalf("%q: accepted for a photographer, refused for a coordinator: %v", sub, errC)
		}
	})
}
