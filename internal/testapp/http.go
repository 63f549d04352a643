package testapp

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"testing"
)

// Response is a decoded API answer.
type Response struct {
	Status int
	Body   map[string]any
	Raw    string
}

// Do sends a JSON request to base+path with the token (empty for a guest)
// and decodes the JSON answer.
func Do(t testing.TB, method, url, token string, body any) Response {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatalf("encode body: %v", err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatalf("request: %v", err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	out := Response{Status: res.StatusCode, Raw: string(raw)}
	if len(raw) > 0 {
		_ = json.Unmarshal(raw, &out.Body)
	}
	return out
}

// Items returns the records of a list answer.
func (r Response) Items() []map[string]any {
	list, _ := r.Body["items"].([]any)
	out := make([]map[string]any, 0, len(list))
	for _, it := range list {
		if m, ok := it.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// IDs returns the ids of a list answer.
func (r Response) IDs() []string {
	var ids []string
	for _, it := range r.Items() {
		if id, ok := it["id"].(string); ok {
			ids = append(ids, id)
		}
	}
	return ids
}

// FieldCode is the error code the answer gives for a field, if any.
func (r Response) FieldCode(field string) string {
	data, _ := r.Body["data"].(map[string]any)
	f, _ := data[field].(map[string]any)
	code, _ := f["code"].(string)
	return code
}

// Message is the answer's top-level message.
func (r Response) Message() string {
	m, _ := r.Body["message"].(string)
	return m
}

// Expect fails the test unless the answer has status and, when code is not
// empty, the error code on field.
func (r Response) Expect(t testing.TB, status int, field, code string) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d: %s", r.Status, status, r.Raw)
	}
	if code != "" && r.FieldCode(field) != code {
		t.Fatalf("code on %s = %q, want %s: %s", field, r.FieldCode(field), code, r.Raw)
	}
}
