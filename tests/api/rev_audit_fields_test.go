package api_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"testing"
	"time"

	"github.com/studio/studio/internal/domain"
	ta "github.com/studio/studio/internal/testapp"
)

// TestAuditFieldsForgedOtherWays: created_by and updated_by sent in a
// multipart form (plain and with PocketBase's "+" modifier and
// @jsonPayload) or in a batch upsert are never stored: the server stores
// the caller.
func TestAuditFieldsForgedOtherWays(t *testing.T) {
	w := newWorld(t)
	coord := w.tokens[coordinator]
	forged := w.staff.Photographer.Id
	start := time.Now().UTC().Add(120 * 24 * time.Hour).Truncate(time.Hour)

	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	payload, _ := json.Marshal(map[string]any{"updated_by": forged})
	for k, v := range map[string]string{
		"client": w.clientOwn.Id, "session_type": domain.SessionTypeStudio,
		"starts_at": start.Format(time.RFC3339), "ends_at": start.Add(time.Hour).Format(time.RFC3339),
		"created_by": forged, "created_by+": forged, "@jsonPayload": string(payload),
	} {
		_ = mw.WriteField(k, v)
	}
	_ = mw.Close()
	req, err := http.NewRequest(http.MethodPost, w.url("sessions"), &buf)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", coord)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var created struct {
		ID string `json:"id"`
	}
	_ = json.NewDecoder(res.Body).Decode(&created)
	_ = res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("multipart create: %d", res.StatusCode)
	}
	check := func(name, id string) {
		t.Helper()
		r, err := w.app.FindRecordById("sessions", id)
		if err != nil {
			t.Fatal(err)
		}
		if r.GetString("created_by") != w.staff.Coordinator.Id || r.GetString("updated_by") != w.staff.Coordinator.Id {
			t.Errorf("%s: created_by %q, updated_by %q; want the coordinator %q in both",
				name, r.GetString("created_by"), r.GetString("updated_by"), w.staff.Coordinator.Id)
		}
	}
	check("multipart", created.ID)

	b := ta.Do(t, http.MethodPost, w.base+"/api/batch", coord, map[string]any{"requests": []any{
		map[string]any{"method": "PUT", "url": "/api/collections/sessions/records", "body": map[string]any{
			"client": w.clientOwn.Id, "session_type": domain.SessionTypeStudio,
			"starts_at": start.Add(3 * time.Hour), "ends_at": start.Add(4 * time.Hour),
			"created_by": forged, "updated_by": forged,
		}},
		map[string]any{"method": "PUT", "url": "/api/collections/sessions/records", "body": map[string]any{
			"id": created.ID, "event_description": "upserted", "created_by": forged, "updated_by": forged,
		}},
	}})
	if b.Status != http.StatusOK {
		t.Fatalf("batch upsert: %d %s", b.Status, b.Raw)
	}
	var results []struct {
		Body map[string]any `json:"body"`
	}
	_ = json.Unmarshal([]byte(b.Raw), &results)
	if len(results) != 2 {
		t.Fatalf("batch upsert: want 2 results, got %s", b.Raw)
	}
	id, _ := results[0].Body["id"].(string)
	check("batch upsert create", id)
	check("batch upsert update", created.ID)
}
