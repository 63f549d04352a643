// Package migrations creates the studio's schema: collections, fields,
// indexes, API rules, and the seeded roles and settings.
//
// Migrations are frozen history: each holds, as literals, the values it
// applies as they stood when it was written, and none imports this
// module's other packages (TestMigrationsImportNoStudioCode). A change to
// the schema, the rules, the roles or the settings is a new migration;
// tests/api compares a fresh database with the live sources to catch drift.
package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Field constructors keep the schemas readable. They are part of the
// frozen history too: changing one would change what every migration using
// it builds, so a new kind of field gets a new constructor.

func text(name string, required bool, max int) *core.TextField {
	return &core.TextField{Name: name, Required: required, Max: max}
}

func longText(name string) *core.TextField {
	return &core.TextField{Name: name, Max: 5000}
}

func choice(name string, required bool, values ...string) *core.SelectField {
	return &core.SelectField{Name: name, Required: required, Values: values, MaxSelect: 1}
}

func choices(name string, values ...string) *core.SelectField {
	return &core.SelectField{Name: name, Values: values, MaxSelect: len(values)}
}

// money is a non-negative amount; hooks check it has at most two decimals.
func money(name string, required bool) *core.NumberField {
	return &core.NumberField{Name: name, Required: required, Min: types.Pointer(0.0), Max: types.Pointer(1e11)}
}

// count is a whole number within [min, max]; required means > 0 in
// PocketBase's sense (a zero value is "empty").
func count(name string, required bool, min, max float64) *core.NumberField {
	return &core.NumberField{Name: name, Required: required, OnlyInt: true, Min: types.Pointer(min), Max: types.Pointer(max)}
}

func rel(name string, to *core.Collection, required bool) *core.RelationField {
	return &core.RelationField{Name: name, CollectionId: to.Id, Required: required, MaxSelect: 1}
}

func rels(name string, to *core.Collection) *core.RelationField {
	return &core.RelationField{Name: name, CollectionId: to.Id, MaxSelect: 999}
}

// owned is a relation to a parent whose deletion removes the child.
func owned(name string, to *core.Collection) *core.RelationField {
	return &core.RelationField{Name: name, CollectionId: to.Id, Required: true, MaxSelect: 1, CascadeDelete: true}
}

func date(name string, required bool) *core.DateField {
	return &core.DateField{Name: name, Required: required}
}

func flag(name string) *core.BoolField { return &core.BoolField{Name: name} }

func timestamps() []core.Field {
	return []core.Field{
		&core.AutodateField{Name: "created", OnCreate: true},
		&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
	}
}

// newCollection builds a base collection with the given fields plus
// created/updated.
func newCollection(name string, fields ...core.Field) *core.Collection {
	c := core.NewBaseCollection(name)
	c.Fields.Add(fields...)
	c.Fields.Add(timestamps()...)
	return c
}
