package api_test

import (
	"net/http"
	"testing"

	"github.com/studio/studio/internal/domain"
	ta "github.com/studio/studio/internal/testapp"
)

// TestRecordRuleRefusalsAnswerForbidden: where PocketBase's answer to a
// failed API rule lets the studio tell it apart, the record API answers
// 403 FORBIDDEN in the docs/rules.md §10 shape under "rule": a failed create rule
// (PocketBase: 400), an update or delete of a record the caller can see
// but not change (PocketBase: 404), a superuser-only action (PocketBase:
// 403 without a code). A record the caller cannot see still answers 404,
// so that its existence is not revealed, and nothing is written.
func TestRecordRuleRefusalsAnswerForbidden(t *testing.T) {
	w := newWorld(t)
	photo := w.tokens[photographer]
	payments, _ := w.app.CountRecords("session_payments")
	forbidden := []struct {
		name, token, method, url string
		body                     map[string]any
	}{
		{"photographer registers a payment", photo, http.MethodPost, w.url("session_payments"), map[string]any{
			"session": w.sessOwn.Id, "payment_type": "Deposit", "amount": 10, "document_number": "R-1", "method": "Cash", "payment_date": "2026-01-01 00:00:00Z"}},
		{"guest creates a client", "", http.MethodPost, w.url("clients"), map[string]any{"full_name": "Guest", "email": "g@example.com", "primary_phone": "1"}},
		{"editor creates a room", w.tokens[editor], http.MethodPost, w.url("rooms"), map[string]any{"code": "RX", "name": "X"}},
		{"photographer edits a client they see", photo, http.MethodPatch, w.url("clients", w.clientOwn.Id), map[string]any{"full_name": "Renamed"}},
		{"photographer deletes a client they see", photo, http.MethodDelete, w.url("clients", w.clientOwn.Id), nil},
		{"photographer edits a room", photo, http.MethodPatch, w.url("rooms", w.room.Id), map[string]any{"name": "Mine"}},
		{"coordinator deletes a role (superusers only)", w.tokens[coordinator], http.MethodDelete, w.url("roles", w.roleEditor.Id), nil},
	}
	for _, c := range forbidden {
		r := ta.Do(t, c.method, c.url, c.token, c.body)
		if r.Status != http.StatusForbidden || r.FieldCode("rule") != domain.CodeForbidden {
			t.Errorf("%s: want 403 FORBIDDEN on rule, got %d %s", c.name, r.Status, r.Raw)
		}
	}
	if n, _ := w.app.CountRecords("session_payments"); n != payments {
		t.Errorf("a refused create wrote a payment: %d before, %d after", payments, n)
	}
	if c, _ := w.app.FindRecordById("clients", w.clientOwn.Id); c.GetString("full_name") == "Renamed" || c.GetString("status") != domain.Active {
		t.Errorf("a refused write changed the client: %v", c)
	}
	if r, _ := w.app.FindRecordById("rooms", w.room.Id); r.GetString("name") == "Mine" {
		t.Errorf("a refused write changed the room")
	}

	hidden := ta.Do(t, http.MethodPatch, w.url("clients", w.clientOther.Id), photo, map[string]any{"full_name": "Renamed"})
	if hidden.Status != http.StatusNotFound {
		t.Errorf("a client the photographer cannot see: want 404, got %d %s", hidden.Status, hidden.Raw)
	}
	missing := ta.Do(t, http.MethodDelete, w.url("clients", "doesnotexist123"), w.tokens[coordinator], nil)
	if missing.Status != http.StatusNotFound {
		t.Errorf("a missing record: want 404, got %d %s", missing.Status, missing.Raw)
	}
	invalid := ta.Do(t, http.MethodPost, w.url("clients"), w.tokens[coordinator], map[string]any{"email": "not-an-email"})
	if invalid.Status != http.StatusBadRequest || invalid.FieldCode("email") != "validation_is_email" {
		t.Errorf("invalid data stays a 400 with field codes: %d %s", invalid.Status, invalid.Raw)
	}
}
