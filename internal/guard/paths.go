package guard

import (
	"regexp"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/search"

	"github.com/studio/studio/internal/domain"
)

// backRelation is PocketBase's back-relation step: <collection>_via_<field>.
var backRelation = regexp.MustCompile(`^(\w+)_via_(\w+)$`)

// Named walks one field path from collection, through relations,
// back-relations and @collection joins, and answers the first hidden field
// it names ("" when none). A modifier (":lower", ":each", ...) does not
// change the field it applies to.
func (h Hidden) Named(app core.App, collection *core.Collection, path string) string {
	if len(h.Fields) == 0 {
		return ""
	}
	steps := strings.Split(path, ".")
	cur := collection
	switch {
	case strings.HasPrefix(path, "@collection."):
		if len(steps) < 2 {
			return ""
		}
		name, _, _ := strings.Cut(steps[1], ":")
		cur = find(app, name)
		steps = steps[2:]
	case strings.HasPrefix(path, "@request.auth."):
		cur = find(app, "users")
		steps = steps[2:]
	case strings.HasPrefix(path, "@"):
		return ""
	}
	for _, step := range steps {
		if cur == nil {
			return ""
		}
		field, _, _ := strings.Cut(step, ":")
		if h.hides(cur.Name, field) {
			return field
		}
		cur = next(app, cur, field)
	}
	return ""
}

// next is the collection a relation or back-relation step leads to (nil
// for any other field).
func next(app core.App, from *core.Collection, field string) *core.Collection {
	if rel, ok := from.Fields.GetByName(field).(*core.RelationField); ok {
		return find(app, rel.CollectionId)
	}
	if m := backRelation.FindStringSubmatch(field); m != nil {
		return find(app, m[1])
	}
	return nil
}

func find(app core.App, nameOrID string) *core.Collection {
	c, err := app.FindCachedCollectionByNameOrId(nameOrID)
	if err != nil {
		return nil
	}
	return c
}

// Filter checks every identifier PocketBase's filter parser finds in
// filter (function arguments included): 400 VALIDATION_ERROR on "filter"
// when it does not parse, 403 FORBIDDEN on the first hidden field or join
// out of the caller's scope.
func (h Hidden) Filter(app core.App, collection *core.Collection, filter string) error {
	if filter == "" {
		return nil
	}
	ids, err := Identifiers(filter)
	if err != nil {
		return domain.Invalid("filter", "The filter cannot be read: %v.", err)
	}
	for _, id := range ids {
		if f := h.Named(app, collection, id); f != "" {
			return h.refusal(f)
		}
		if err := h.Scope.Reach(app, collection, id); err != nil {
			return err
		}
	}
	return nil
}

// Sort checks every field of a sort expression (403 FORBIDDEN on the first
// hidden field).
func (h Hidden) Sort(app core.App, collection *core.Collection, sort string) error {
	if sort == "" {
		return nil
	}
	for _, s := range search.ParseSortFromString(sort) {
		if f := h.Named(app, collection, s.Name); f != "" {
			return h.refusal(f)
		}
		if err := h.Scope.Reach(app, collection, s.Name); err != nil {
			return err
		}
	}
	return nil
}

// Identifiers lists the field identifiers of a filter as PocketBase's own
// parser reads them: the resolver below sees every identifier PocketBase
// would resolve, and nothing inside quoted values or comments.
func Identifiers(filter string) ([]string, error) {
	r := &recorder{}
	if _, err := search.FilterData(filter).BuildExpr(r); err != nil {
		return nil, err
	}
	return r.ids, nil
}

// recorder is a search.FieldResolver that records the identifiers it is
// asked to resolve and resolves each to a placeholder column.
type recorder struct{ ids []string }

func (r *recorder) UpdateQuery(*dbx.SelectQuery) error { return nil }

func (r *recorder) Resolve(field string) (*search.ResolverResult, error) {
	r.ids = append(r.ids, field)
	return &search.ResolverResult{Identifier: "[[guard]]"}, nil
}
