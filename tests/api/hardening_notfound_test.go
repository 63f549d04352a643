package api_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	ta "github.com/studio/studio/internal/testapp"
)

// TestUnknownAPIPathsAnswerJSON404: a path under /api/ that no route serves
// answers PocketBase's JSON 404 for every method, never the web app's page;
// the web app still answers / and its own files.
func TestUnknownAPIPathsAnswerJSON404(t *testing.T) {
	app := ta.New(t)
	base := ta.Serve(t, app)
	for _, c := range []struct{ method, path string }{
		{http.MethodGet, "/api/nope"},
		{http.MethodGet, "/api/studio/nope"},
		{http.MethodGet, "/api/collections/sessions/nope/deeper"},
		{http.MethodGet, "/api"},
		{http.MethodPost, "/api/nope"},
		{http.MethodDelete, "/api/studio/nope"},
	} {
		req, _ := http.NewRequest(c.method, base+c.path, nil)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(res.Body)
		res.Body.Close()
		var body struct {
			Status  int    `json:"status"`
			Message string `json:"message"`
		}
		if res.StatusCode != http.StatusNotFound || json.Unmarshal(raw, &body) != nil || body.Status != http.StatusNotFound ||
			!strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
			t.Errorf("%s %s: want a JSON 404, got %d %s %.120s", c.method, c.path, res.StatusCode, res.Header.Get("Content-Type"), raw)
		}
	}
	for _, path := range []string{"/", "/index.html"} {
		res, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
			t.Errorf("GET %s: want the web app, got %d %s", path, res.StatusCode, res.Header.Get("Content-Type"))
		}
	}
}
