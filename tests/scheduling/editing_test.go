package scheduling

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/notify"
	"github.com/studio/studio/internal/schedule"
	ta "github.com/studio/studio/internal/testapp"
)

type queueAnswer struct {
	Sessions []schedule.QueueEntry `json:"sessions"`
	Editors  []schedule.EditorLoad `json:"editors"`
	Max      int                   `json:"max_concurrent_editing_sessions"`
}

func TestEditingQueue(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	later := ta.Session(t, w.app, w.client, map[string]any{"status": domain.StatusAttended, "starts_at": now.Add(-72 * time.Hour), "ends_at": now.Add(-70 * time.Hour), "estimated_editing_days": 9})
	urgent := ta.Session(t, w.app, w.client, map[string]any{"status": domain.StatusAttended, "starts_at": now.Add(-48 * time.Hour), "ends_at": now.Add(-46 * time.Hour), "estimated_editing_days": 2})
	ta.Session(t, w.app, w.client, map[string]any{"status": domain.StatusInEditing, "assigned_editor": w.staff.Editor.Id})
	ta.Session(t, w.app, w.client, map[string]any{"status": domain.StatusInEditing, "assigned_editor": w.staff.Editor.Id})

	for _, who := range []string{"photographer"} {
		expect(t, ta.Do(t, http.MethodGet, w.base+"/api/studio/editing-queue", w.tok[who], nil), http.StatusForbidden, "session", domain.CodeForbidden)
	}
	for _, who := range []string{"editor", "coordinator", "admin", "superuser"} {
		r := ta.Do(t, http.MethodGet, w.base+"/api/studio/editing-queue", w.tok[who], nil)
		expect(t, r, http.StatusOK, "", "")
		var q queueAnswer
		if err := json.Unmarshal([]byte(r.Raw), &q); err != nil {
			t.Fatal(err)
		}
		if len(q.Sessions) != 2 || q.Sessions[0].ID != urgent.Id || q.Sessions[1].ID != later.Id {
			t.Fatalf("%s: queue %+v, want the earlier delivery date first", who, q.Sessions)
		}
		// Nov 24 + 2 days and Nov 23 + 9 days, at 00:00 in Guatemala.
		if q.Sessions[0].Delivery != "2026-11-26T06:00:00Z" || q.Sessions[1].Delivery != "2026-12-02T06:00:00Z" {
			t.Fatalf("%s: delivery dates %q and %q, want 2026-11-26T06:00:00Z and 2026-12-02T06:00:00Z", who, q.Sessions[0].Delivery, q.Sessions[1].Delivery)
		}
		if q.Max != 10 { // MAX_CONCURRENT_EDITING_SESSIONS, default
			t.Fatalf("max = %d", q.Max)
		}
		var load *schedule.EditorLoad
		for i := range q.Editors {
			if q.Editors[i].ID == w.staff.Editor.Id {
				load = &q.Editors[i]
			}
		}
		if load == nil || load.InEditing != 2 || load.Max != 10 || load.AtCapacity {
			t.Fatalf("%s: editor load %+v", who, load)
		}
	}
}

func TestEditorChangesEditingDays(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	// 03:00 UTC on Nov 21 is 21:00 on Nov 20 in Guatemala (UTC-6): the
	// delivery date counts from the studio's day, not the UTC one.
	start := time.Date(2026, 11, 21, 3, 0, 0, 0, time.UTC)
	s := ta.Session(t, w.app, w.client, map[string]any{"status": domain.StatusInEditing, "assigned_editor": w.staff.Editor.Id,
		"starts_at": start, "ends_at": start.Add(2 * time.Hour), "estimated_editing_days": 5})
	// Nov 20 + 5 days = Nov 25, 00:00 in Guatemala.
	if got := s.GetDateTime("estimated_delivery_date").String(); got != "2026-11-25 06:00:00.000Z" {
		t.Fatalf("delivery date before the change %s, want 2026-11-25 06:00:00.000Z", got)
	}
	url := w.base + "/api/studio/sessions/" + s.Id + "/editing-days"
	body := map[string]any{"estimated_editing_days": 12, "observation": "Album retouching takes longer"}

	expect(t, ta.Do(t, http.MethodPost, url, w.tok["editor2"], body), http.StatusForbidden, "session", domain.CodeForbidden)
	expect(t, ta.Do(t, http.MethodPost, url, w.tok["photographer"], body), http.StatusForbidden, "session", domain.CodeForbidden)
	expect(t, ta.Do(t, http.MethodPost, url, w.tok["editor"], map[string]any{"estimated_editing_days": 12}), http.StatusBadRequest, "observation", domain.CodeValidation)
	expect(t, ta.Do(t, http.MethodPost, url, w.tok["editor"], map[string]any{"estimated_editing_days": 0, "observation": "x"}), http.StatusBadRequest, "estimated_editing_days", domain.CodeValidation)

	r := ta.Do(t, http.MethodPost, url, w.tok["editor"], body)
	expect(t, r, http.StatusOK, "", "")
	s, _ = w.app.FindRecordById("sessions", s.Id)
	// Nov 20 (studio day) + 12 days = Dec 2, 00:00 in Guatemala.
	if s.GetInt("estimated_editing_days") != 12 || s.GetDateTime("estimated_delivery_date").String() != "2026-12-02 06:00:00.000Z" {
		t.Fatalf("days %d, delivery %s, want 12 and 2026-12-02 06:00:00.000Z", s.GetInt("estimated_editing_days"), s.GetDateTime("estimated_delivery_date"))
	}
	if obs := s.GetString("editor_observations"); !strings.Contains(obs, "Album retouching takes longer") || !strings.Contains(obs, "→ 12") {
		t.Fatalf("observations %q", obs)
	}
	emails, err := w.app.FindAllRecords("outbox", dbx.HashExp{"session": s.Id, "template": notify.TemplateDeliveryDateChanged})
	if err != nil || len(emails) != 1 || emails[0].GetString("recipient") != w.client.GetString("email") {
		t.Fatalf("delivery emails %v (%v), want exactly one to the client", emails, err)
	}
	var data map[string]any
	if err := emails[0].UnmarshalJSONField("data", &data); err != nil ||
		data[notify.DataPreviousDeliveryDate] != "2026-11-25 06:00:00.000Z" || data[notify.DataDeliveryDate] != "2026-12-02 06:00:00.000Z" {
		t.Fatalf("the email must carry the new (Dec 2) and the previous (Nov 25) delivery date: %v (%v)", data, err)
	}

	// A coordinator may too; a session not In Editing may not change.
	expect(t, ta.Do(t, http.MethodPost, url, w.tok["coordinator"], map[string]any{"estimated_editing_days": 7, "observation": "agreed with client"}), http.StatusOK, "", "")
	s, _ = w.app.FindRecordById("sessions", s.Id)
	// Nov 20 + 7 days = Nov 27, 00:00 in Guatemala.
	if got := s.GetDateTime("estimated_delivery_date").String(); got != "2026-11-27 06:00:00.000Z" {
		t.Fatalf("delivery after the coordinator's change %s, want 2026-11-27 06:00:00.000Z", got)
	}
	attended := ta.Session(t, w.app, w.client, map[string]any{"status": domain.StatusAttended})
	expect(t, ta.Do(t, http.MethodPost, w.base+"/api/studio/sessions/"+attended.Id+"/editing-days", w.tok["admin"], body),
		http.StatusUnprocessableEntity, "session", domain.CodeImmutableSession)
	expect(t, ta.Do(t, http.MethodPost, w.base+"/api/studio/sessions/missing/editing-days", w.tok["admin"], body),
		http.StatusNotFound, "session", domain.CodeSessionNotFound)
}
