package lifecycle_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/studio/studio/internal/domain"
	ta "github.com/studio/studio/internal/testapp"
)

// setSettings changes the studio settings as an Admin does, over HTTP.
func (f *fixture) setSettings(t *testing.T, fields map[string]any) {
	t.Helper()
	st, err := f.app.FindFirstRecordByFilter("studio_settings", "")
	if err != nil {
		t.Fatal(err)
	}
	if r := ta.Do(t, http.MethodPatch, f.records("studio_settings")+"/"+st.Id, f.tok[admin], fields); r.Status != http.StatusOK {
		t.Fatalf("settings %v: %d %s", fields, r.Status, r.Raw)
	}
}

// view reads a session over HTTP as the coordinator.
func (f *fixture) view(t *testing.T, id string) map[string]any {
	t.Helper()
	r := ta.Do(t, http.MethodGet, f.records("sessions")+"/"+id, f.tok[coordinator], nil)
	if r.Status != http.StatusOK {
		t.Fatalf("view session: %d %s", r.Status, r.Raw)
	}
	return r.Body
}

// twoDecimals prints a JSON number as an amount with two decimals.
func twoDecimals(v any) string {
	f, _ := v.(float64)
	return fmt.Sprintf("%.2f", f)
}

// julyFirst is 2026-07-01 09:00 in Guatemala (UTC-6, no daylight saving).
var julyFirst = time.Date(2026, 7, 1, 15, 0, 0, 0, time.UTC)

// TestSettingsChangeBehaviour: every studio setting of docs/rules.md §11,
// changed by an Admin over HTTP to a value other than its default, changes
// what the API does. The fixture's clock is 2026-06-01 15:00 UTC (09:00 in
// Guatemala); every expected value is computed by hand in the comments.
func TestSettingsChangeBehaviour(t *testing.T) {
	t.Parallel()

	t.Run("deadline days", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		f.setSettings(t, map[string]any{"payment_deadline_days": 3, "changes_deadline_days": 10})
		id := f.newSession(t, julyFirst, "333.33", 1)
		f.drive(t, id, domain.StatusPreScheduled)
		// June 1 + 3 days = June 4, 23:59:59 in Guatemala.
		if got := f.view(t, id)["payment_deadline"]; got != "2026-06-05 05:59:59.000Z" {
			t.Fatalf("payment_deadline %v, want 2026-06-05 05:59:59.000Z", got)
		}
		f.drive(t, id, domain.StatusConfirmed)
		// July 1 − 10 days = June 21, 23:59:59 in Guatemala.
		if got := f.view(t, id)["changes_deadline"]; got != "2026-06-22 05:59:59.000Z" {
			t.Fatalf("changes_deadline %v, want 2026-06-22 05:59:59.000Z", got)
		}
	})

	t.Run("time zone", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		f.setSettings(t, map[string]any{"timezone": "Asia/Tokyo"})
		// 2026-12-31 20:00 UTC is already 2027-01-01 05:00 in Tokyo (UTC+9).
		f.at(time.Date(2026, 12, 31, 20, 0, 0, 0, time.UTC))
		// The session starts 2027-02-02 00:00 in Tokyo.
		id := f.newSession(t, time.Date(2027, 2, 1, 15, 0, 0, 0, time.UTC), "333.33", 1)
		if got := f.view(t, id)["code"]; got != "S-2027-00001" {
			t.Fatalf("code %v, want S-2027-00001: the year is the studio's", got)
		}
		f.drive(t, id, domain.StatusPreScheduled)
		// Jan 1 + 5 days = Jan 6, 23:59:59 in Tokyo.
		if got := f.view(t, id)["payment_deadline"]; got != "2027-01-06 14:59:59.000Z" {
			t.Fatalf("payment_deadline %v, want 2027-01-06 14:59:59.000Z", got)
		}
		f.drive(t, id, domain.StatusConfirmed)
		// Feb 2 − 7 days = Jan 26, 23:59:59 in Tokyo.
		if got := f.view(t, id)["changes_deadline"]; got != "2027-01-26 14:59:59.000Z" {
			t.Fatalf("changes_deadline %v, want 2027-01-26 14:59:59.000Z", got)
		}
		f.drive(t, id, domain.StatusAssigned)
		// Feb 2 + 5 editing days = Feb 7, 00:00 in Tokyo.
		if got := f.view(t, id)["estimated_delivery_date"]; got != "2027-02-06 15:00:00.000Z" {
			t.Fatalf("estimated_delivery_date %v, want 2027-02-06 15:00:00.000Z", got)
		}
	})

	t.Run("deposit percentage and editing days defaults", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		f.setSettings(t, map[string]any{"default_deposit_percentage": 30, "default_editing_days": 9})
		id := f.newSession(t, julyFirst, "333.33", 1)
		if s := f.view(t, id); s["deposit_percentage"] != 30.0 || s["estimated_editing_days"] != 9.0 {
			t.Fatalf("new session: deposit_percentage %v, estimated_editing_days %v, want 30 and 9", s["deposit_percentage"], s["estimated_editing_days"])
		}
		f.drive(t, id, domain.StatusPreScheduled)
		// 333.33 × 30% = 99.999, rounded to the cent: 100.00.
		if got := f.view(t, id)["deposit_amount"]; got != 100.0 {
			t.Fatalf("deposit_amount %v, want 100", got)
		}
		f.drive(t, id, domain.StatusAssigned)
		// July 1 + 9 days = July 10, 00:00 in Guatemala.
		if got := f.view(t, id)["estimated_delivery_date"]; got != "2026-07-10 06:00:00.000Z" {
			t.Fatalf("estimated_delivery_date %v, want 2026-07-10 06:00:00.000Z", got)
		}
		r := ta.Do(t, http.MethodPost, f.records("packages"), f.tok[admin], map[string]any{
			"code": ta.Unique("PK-"), "name": "Album day", "session_type": domain.SessionTypeStudio, "base_price": 900})
		if r.Status != http.StatusOK || r.Body["estimated_editing_days"] != 9.0 {
			t.Fatalf("a package without editing days takes the default 9: %d %s", r.Status, r.Raw)
		}
	})

	// The deposit is 166.67 (half of 333.33, rounded away from zero).
	refunds := []struct {
		name, status, initiator string
		afterDeadline           bool
		amount, pct, rule       string
	}{
		// 166.67 × 80% = 133.336
		{"within the changes deadline", domain.StatusConfirmed, domain.InitiatorClient, false, "133.34", "80", "REFUND_WITHIN_DEADLINE"},
		// 166.67 × 30% = 50.001
		{"after the changes deadline", domain.StatusConfirmed, domain.InitiatorClient, true, "50.00", "30", "REFUND_AFTER_DEADLINE"},
		// 166.67 × 90% = 150.003
		{"force majeure", domain.StatusConfirmed, domain.InitiatorForceMajeure, false, "150.00", "90", "REFUND_FORCE_MAJEURE"},
		// 166.67 × 20% = 33.334
		{"client after Assigned", domain.StatusAssigned, domain.InitiatorClient, false, "33.33", "20", "REFUND_CLIENT_AFTER_ASSIGNED"},
	}
	for _, c := range refunds {
		t.Run("refund "+c.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			f.setSettings(t, map[string]any{"refund_within_deadline": 80, "refund_after_deadline": 30,
				"refund_force_majeure": 90, "refund_client_after_assigned": 20})
			id := f.newSession(t, julyFirst, "333.33", 1)
			f.drive(t, id, c.status)
			if c.afterDeadline {
				// The changes deadline is June 24, 23:59:59 in Guatemala.
				f.at(time.Date(2026, 6, 25, 6, 0, 0, 0, time.UTC))
			}
			r := f.must(t, coordinator, id, map[string]any{"to": domain.StatusCanceled, "reason": "Settings " + c.name, "initiator": c.initiator})
			refund, _ := r.Body["refund"].(map[string]any)
			if refund["amount"] != c.amount || refund["percentage"] != c.pct || refund["rule"] != c.rule {
				t.Fatalf("refund %v, want %s (%s%%, %s)", refund, c.amount, c.pct, c.rule)
			}
			list := ta.Do(t, http.MethodGet, f.records("session_payments")+"?filter="+url.QueryEscape(`session="`+id+`" && payment_type="Refund"`), f.tok[coordinator], nil)
			items := list.Items()
			if len(items) != 1 || twoDecimals(items[0]["amount"]) != c.amount || items[0]["refund_rule"] != c.rule {
				t.Fatalf("Refund payment: %s", list.Raw)
			}
		})
	}

	t.Run("max concurrent editing sessions", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		f.setSettings(t, map[string]any{"max_concurrent_editing_sessions": 2})
		var ids []string
		for range 3 {
			ids = append(ids, ta.Session(t, f.app, f.client, map[string]any{"status": domain.StatusAttended}).Id)
		}
		f.must(t, editor, ids[0], map[string]any{"to": domain.StatusInEditing})
		f.must(t, editor, ids[1], map[string]any{"to": domain.StatusInEditing})
		f.transition(t, editor, ids[2], map[string]any{"to": domain.StatusInEditing}).Expect(t, http.StatusConflict, "session", domain.CodeEditorAtCapacity)
		if got := f.session(t, ids[2]).GetString("status"); got != domain.StatusAttended {
			t.Fatalf("the refused session is %s", got)
		}
		r := ta.Do(t, http.MethodGet, f.base+"/api/studio/editing-queue", f.tok[editor], nil)
		var q struct {
			Max     int `json:"max_concurrent_editing_sessions"`
			Editors []struct {
				ID         string `json:"id"`
				InEditing  int    `json:"in_editing"`
				Max        int    `json:"max"`
				AtCapacity bool   `json:"at_capacity"`
			} `json:"editors"`
		}
		if err := json.Unmarshal([]byte(r.Raw), &q); err != nil || q.Max != 2 {
			t.Fatalf("queue max: %s (%v)", r.Raw, err)
		}
		for _, e := range q.Editors {
			if e.ID == f.staff.Editor.Id && (e.InEditing != 2 || e.Max != 2 || !e.AtCapacity) {
				t.Fatalf("editor load %+v, want 2 of 2, at capacity", e)
			}
		}
	})

	t.Run("completing without full payment", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		f.setSettings(t, map[string]any{"require_full_payment_to_complete": false})
		id := f.newSession(t, julyFirst, "333.33", 1)
		f.drive(t, id, domain.StatusReadyForDelivery)
		// Only the deposit (166.67 of 333.33) is paid.
		if got := f.netPaid(t, id).StringFixed(2); got != "166.67" {
			t.Fatalf("net paid %s, want 166.67", got)
		}
		f.must(t, coordinator, id, map[string]any{"to": domain.StatusCompleted})
		if got := f.view(t, id)["status"]; got != domain.StatusCompleted {
			t.Fatalf("status %v", got)
		}
	})

	t.Run("remote transportation cost", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		// A suggestion staff read when pricing an External session: no
		// rule computes with it, so what matters is that it is kept to the
		// cent and served to staff.
		f.setSettings(t, map[string]any{"remote_transportation_cost": 350.5})
		st, _ := f.app.FindFirstRecordByFilter("studio_settings", "")
		rec := f.records("studio_settings") + "/" + st.Id
		ta.Do(t, http.MethodPatch, rec, f.tok[admin], map[string]any{"remote_transportation_cost": 350.555}).
			Expect(t, http.StatusBadRequest, "remote_transportation_cost", "validation_money_cents")
		for _, who := range []string{coordinator, photographer} {
			r := ta.Do(t, http.MethodGet, rec, f.tok[who], nil)
			if r.Status != http.StatusOK || r.Body["remote_transportation_cost"] != 350.5 {
				t.Fatalf("%s reads %d %s, want 350.5", who, r.Status, r.Raw)
			}
		}
	})
}
