package hooks

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/catalog"
	"github.com/studio/studio/internal/model"
)

// A session's derived fields (assigned_photographers from its assignments;
// subtotal, total and deposit_amount from its lines and amounts) are
// kept by the sessions validate hooks, whatever a caller sent
// (docs/rules.md §1.6, §4.2.7–§4.2.9). Reading the assignments and the
// lines on every save cost two queries of the four a plain edit of a
// session ran, so a save re-derives only what it may have changed;
// derivationOf decides.

// derivation is what one save of a session must re-derive.
type derivation struct {
	photographers, totals bool
}

// deriveAllKey marks a save context whose derived fields must all be
// recomputed: the save of a session after one of its lines changed.
type deriveAllKey struct{}

// withDeriveAll returns ctx asking the session hooks to re-derive every
// derived field of the session saved under it.
func withDeriveAll(ctx context.Context) context.Context {
	if ctx == nil {
		ctx = context.Background()
	}
	return context.WithValue(ctx, deriveAllKey{}, true)
}

// photographersDerivedKey marks the save of a session whose
// assigned_photographers the assignment sync has just derived from the
// assignments in the save's transaction (syncAssignment): the session
// hook does not read them again. It names the record it is about.
type photographersDerivedKey struct{}

// withPhotographersDerived returns ctx telling the session hooks that
// record's assigned_photographers were derived in this transaction.
func withPhotographersDerived(ctx context.Context, record *core.Record) context.Context {
	if ctx == nil {
		ctx = context.Background()
	}
	return context.WithValue(ctx, photographersDerivedKey{}, record)
}

// derivationKey holds, in a validate event's context, the derivation the
// first derive hook decided for the record, so the second does not decide
// again.
type derivationKey struct{}

type decided struct {
	record *core.Record
	d      derivation
}

// amountFields are the number fields the totals derive from
// (transportation_cost, discount, deposit_percentage; session_type and the
// lines are the other inputs of catalog.DeriveTotals) and the ones it
// writes.
var amountFields = []string{"transportation_cost", "discount", "deposit_percentage", "subtotal", "total", "deposit_amount"}

// storedDerivedSQL reads a session's stored derived fields by primary key.
const storedDerivedSQL = `SELECT assigned_photographers, subtotal, total, deposit_amount FROM ` + model.Sessions + ` WHERE id = {:id}`

// derivationOf decides what the save of e.Record (an update) re-derives.
// A derived field is recomputed when the save asks for it (withDeriveAll),
// when the record holds a value of it other than the one it was loaded
// with (a sync, or Go code forging it: the recompute overwrites it), or
// when an input of it changed. Otherwise the stored value stands, provided
// the record was loaded after the last change of the session's derived
// fields: the stored derived fields are read in the save's transaction
// (one primary-key read) and compared with the ones the record was loaded
// with. A record loaded before an assignment or a line changed (a request
// racing another) therefore re-derives instead of writing back stale
// values. Every write of an assignment or a line re-saves its session in
// its own transaction, so stored derived fields that match are current.
func derivationOf(e *core.RecordEvent) (derivation, error) {
	if e.Context != nil {
		if v, ok := e.Context.Value(derivationKey{}).(decided); ok && v.record == e.Record {
			return v.d, nil
		}
	}
	d, err := decideDerivation(e)
	if err != nil || e.Context == nil {
		return d, err
	}
	e.Context = context.WithValue(e.Context, derivationKey{}, decided{record: e.Record, d: d})
	return d, nil
}

func decideDerivation(e *core.RecordEvent) (derivation, error) {
	all := derivation{photographers: true, totals: true}
	r, old := e.Record, e.Record.Original()
	if r.IsNew() || old == nil || e.Context == nil {
		return all, nil
	}
	if force, _ := e.Context.Value(deriveAllKey{}).(bool); force {
		return all, nil
	}
	d := derivation{photographers: !slices.Equal(old.GetStringSlice("assigned_photographers"), r.GetStringSlice("assigned_photographers"))}
	for _, f := range amountFields {
		if old.GetFloat(f) != r.GetFloat(f) {
			d.totals = true
		}
	}
	if old.GetString("session_type") != r.GetString("session_type") {
		d.totals = true
	}
	// The deposit amount follows the total again when the status goes back
	// to one where it follows (catalog.DepositFollowsTotal).
	if catalog.DepositFollowsTotal(r.GetString("status")) && !catalog.DepositFollowsTotal(old.GetString("status")) {
		d.totals = true
	}
	if by, _ := e.Context.Value(photographersDerivedKey{}).(*core.Record); by == r {
		d.photographers = false
	}
	if d.photographers && d.totals {
		return d, nil
	}
	var stored struct {
		Photographers            string
		Subtotal, Total, Deposit float64
	}
	err := e.App.DB().NewQuery(storedDerivedSQL).Bind(dbx.Params{"id": r.Id}).
		Row(&stored.Photographers, &stored.Subtotal, &stored.Total, &stored.Deposit)
	if errors.Is(err, sql.ErrNoRows) {
		return all, nil
	}
	if err != nil {
		return derivation{}, fmt.Errorf("stored derived fields of session %s: %w", r.Id, err)
	}
	if !d.photographers {
		var ids []string
		if json.Unmarshal([]byte(stored.Photographers), &ids) != nil || !sameSet(ids, old.GetStringSlice("assigned_photographers")) {
			d.photographers = true
		}
	}
	if !d.totals && (stored.Subtotal != old.GetFloat("subtotal") || stored.Total != old.GetFloat("total") ||
		stored.Deposit != old.GetFloat("deposit_amount")) {
		d.totals = true
	}
	return d, nil
}
