// Package guard checks what a record request or a realtime subscription
// names before PocketBase runs it: every field path of a filter, sort or
// expand against the fields the caller may read, and the bound on what an
// expand may cost. Realtime subscriptions are read exactly as PocketBase
// reads them, and refused whole when they cannot be read.
package guard

import (
	"slices"

	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/rbac"
)

// ClientPrivateFields are the client fields staff without client.view never
// see (docs/rules.md §1: they see full_name, email and primary_phone only).
var ClientPrivateFields = []string{
	"secondary_phone", "delivery_address", "client_type", "notes", "status", "high_risk", "created", "updated",
}

// Hidden is what one caller may not read.
type Hidden struct {
	// Fields names, per collection name, the fields the caller may not read.
	Fields map[string][]string
	// Permission is the permission that would reveal them.
	Permission string
	// Scope is the collections the caller reads only in part, which a
	// filter or sort may not join.
	Scope Scope
}

// HiddenFor answers what auth may not read: the private client fields for
// guests and for staff without client.view, nothing for superusers and
// client.view holders; and the collections the caller reads only in part
// (ScopeFor).
func HiddenFor(app core.App, auth *core.Record) (Hidden, error) {
	if auth != nil && auth.IsSuperuser() {
		return Hidden{}, nil
	}
	var actor *rbac.Actor
	if auth != nil {
		var err error
		if actor, err = rbac.ActorFor(app, auth); err != nil {
			return Hidden{}, err
		}
		if actor.Can(rbac.ClientView) {
			return Hidden{Scope: ScopeFor(actor)}, nil
		}
	}
	h := ClientsPrivate()
	h.Scope = ScopeFor(actor)
	return h, nil
}

// ClientsPrivate is what staff without client.view may not read.
func ClientsPrivate() Hidden {
	return Hidden{Fields: map[string][]string{"clients": ClientPrivateFields}, Permission: string(rbac.ClientView)}
}

// hides reports whether field of collection is hidden.
func (h Hidden) hides(collection, field string) bool {
	return slices.Contains(h.Fields[collection], field)
}

// refusal is the 403 FORBIDDEN answer for a hidden field.
func (h Hidden) refusal(field string) error {
	return domain.Forbidden(h.Permission).On(field)
}

// Query checks the filter, sort and expand of a record request or a
// realtime subscription on collection: 400 VALIDATION_ERROR for a filter
// that does not parse or an expand beyond the bound, 403 FORBIDDEN on the
// first hidden field named.
func (h Hidden) Query(app core.App, collection *core.Collection, filter, sort, expand string) error {
	if err := h.Filter(app, collection, filter); err != nil {
		return err
	}
	if err := h.Sort(app, collection, sort); err != nil {
		return err
	}
	if err := Expand(expand); err != nil {
		return err
	}
	for _, path := range ExpandPaths(expand) {
		if f := h.Named(app, collection, path); f != "" {
			return h.refusal(f)
		}
	}
	return nil
}
