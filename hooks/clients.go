package hooks

import (
	"encoding/json"
	"net/url"
	"regexp"
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/rbac"
)

// clientPrivateFields are the client fields staff without client.view never
// see (domain.md §1: they see full_name, email and primary_phone only).
var clientPrivateFields = []string{
	"secondary_phone", "delivery_address", "client_type", "notes", "status", "high_risk", "created", "updated",
}

var (
	// quoted strips string literals so that a value mentioning a field name
	// is not mistaken for a reference to it.
	quoted = regexp.MustCompile(`"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'`)
	// viaClient finds a private client field reached through a relation or
	// @collection from any collection.
	viaClient = regexp.MustCompile(`\bclients?(?::\w+)?\.(` + strings.Join(clientPrivateFields, "|") + `)\b`)
	// bareField finds a private field named directly (on clients).
	bareField = regexp.MustCompile(`(^|[^\w.@])(` + strings.Join(clientPrivateFields, "|") + `)\b`)
)

// registerClients binds the client hooks: a new client is an Individual
// unless told otherwise, and the private client fields are hidden from
// staff without client.view on every way a record leaves the server (REST
// list and view, expand, realtime), with filters and sorts that would probe
// them refused, from whichever collection they reach clients.
func registerClients(app core.App) {
	app.OnRecordCreate("clients").BindFunc(func(e *core.RecordEvent) error {
		if e.Record.GetString("client_type") == "" {
			e.Record.Set("client_type", domain.ClientIndividual)
		}
		return e.Next()
	})

	app.OnRecordEnrich("clients").BindFunc(func(e *core.RecordEnrichEvent) error {
		if e.RequestInfo == nil || e.RequestInfo.Auth == nil || e.RequestInfo.Auth.IsSuperuser() {
			return e.Next()
		}
		actor, err := rbac.ActorFor(e.App, e.RequestInfo.Auth)
		if err != nil {
			return err
		}
		if !actor.Can(rbac.ClientView) {
			e.Record.Hide(clientPrivateFields...)
		}
		return e.Next()
	})

	app.OnRecordsListRequest().BindFunc(func(e *core.RecordsListRequestEvent) error {
		q := e.Request.URL.Query()
		if err := guardClientProbe(e.RequestEvent, e.Collection.Name == "clients", q.Get("filter"), q.Get("sort")); err != nil {
			return err
		}
		return e.Next()
	})

	app.OnRealtimeSubscribeRequest().BindFunc(func(e *core.RealtimeSubscribeRequestEvent) error {
		for _, sub := range e.Subscriptions {
			topic, query := subscriptionQuery(sub)
			if err := guardClientProbe(e.RequestEvent, strings.HasPrefix(topic, "clients"), query["filter"], query["sort"]); err != nil {
				return err
			}
		}
		return e.Next()
	})
}

// subscriptionQuery splits a realtime subscription ("topic?options={json}")
// into its topic and the query parameters of its options.
func subscriptionQuery(sub string) (string, map[string]string) {
	topic, rawQuery, _ := strings.Cut(sub, "?")
	values, err := url.ParseQuery(rawQuery)
	if err != nil {
		return topic, nil
	}
	var opts struct {
		Query map[string]string `json:"query"`
	}
	if raw := values.Get("options"); raw != "" {
		_ = json.Unmarshal([]byte(raw), &opts)
	}
	return topic, opts.Query
}

// guardClientProbe refuses, for callers without client.view, expressions
// that name a private client field.
func guardClientProbe(e *core.RequestEvent, onClients bool, exprs ...string) error {
	var found string
	for _, expr := range exprs {
		expr = quoted.ReplaceAllString(expr, `""`)
		if m := viaClient.FindStringSubmatch(expr); m != nil {
			found = m[1]
		} else if m := bareField.FindStringSubmatch(expr); onClients && m != nil {
			found = m[2]
		}
		if found != "" {
			break
		}
	}
	if found == "" || e.HasSuperuserAuth() {
		return nil
	}
	actor, err := requestActor(e)
	if err != nil {
		return err
	}
	if actor.Can(rbac.ClientView) {
		return nil
	}
	return domain.Forbidden(rbac.ClientView).On(found)
}
