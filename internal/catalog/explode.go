// Package catalog turns catalog items and packages into session detail
// lines (docs/rules.md §4.2): package explosion, session totals and the rules
// that say when lines may change. explode.go, totals.go and rules.go are
// pure; add.go and derive.go load the records, apply them and save the
// results, for a route, a hook, a job or the CLI alike.
package catalog

import (
	"github.com/shopspring/decimal"

	"github.com/studio/studio/internal/money"
)

// Item is a catalog item as a line needs it.
type Item struct {
	ID, Code, Name, Description string
	UnitPrice                   decimal.Decimal
}

// PackageItem is one item of a package with its quantity in the package.
type PackageItem struct {
	Item
	Quantity decimal.Decimal
}

// Line is a detail line to write.
type Line struct {
	Item
	Quantity decimal.Decimal
	// Subtotal is the line's share of the money (line_subtotal).
	Subtotal decimal.Decimal
}

// ItemLine is the line of an item sold alone: quantity × unit price.
func ItemLine(it Item, quantity decimal.Decimal) Line {
	return Line{Item: it, Quantity: quantity, Subtotal: money.Round(quantity.Mul(it.UnitPrice))}
}

// Explode turns quantity packages of basePrice made of items into one line
// per item. A line's quantity is the item's quantity in the package times
// quantity, its unit price the catalog price, and its subtotal its share of
// basePrice × quantity in proportion to (line quantity × unit price), in
// cents by largest remainder: the lines sum exactly to the package price
// (equal shares when every item is free).
func Explode(basePrice, quantity decimal.Decimal, items []PackageItem) []Line {
	total := money.Round(basePrice.Mul(quantity))
	weights := make([]decimal.Decimal, len(items))
	lines := make([]Line, len(items))
	for i, it := range items {
		q := it.Quantity.Mul(quantity)
		weights[i] = q.Mul(it.UnitPrice)
		lines[i] = Line{Item: it.Item, Quantity: q}
	}
	for i, share := range money.Allocate(total, weights) {
		lines[i].Subtotal = share
	}
	return lines
}
