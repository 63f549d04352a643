// Package model wraps the records of the studio's busiest collections
// (sessions, session_lines, session_payments, session_photographers) in
// typed proxies, the way PocketBase wraps its own collections (core.OTP):
// the collection name and the field names live here once, and callers read
// s.Status() rather than GetString("status"). It imports no other studio
// package but domain and money, so every package and the hooks can use it.
package model

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
)

// find loads the record id of collection and wraps it with wrap.
func find[T any](app core.App, collection, id string, wrap func(*core.Record) *T) (*T, error) {
	r, err := app.FindRecordById(collection, id)
	if err != nil {
		return nil, err
	}
	return wrap(r), nil
}

// newRecord makes an unsaved record of collection.
func newRecord(app core.App, collection string) (*core.Record, error) {
	c, err := app.FindCachedCollectionByNameOrId(collection)
	if err != nil {
		return nil, fmt.Errorf("collection %s: %w", collection, err)
	}
	return core.NewRecord(c), nil
}
