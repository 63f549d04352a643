package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/studio/studio/internal/testapp"
)

// The embedded web app is served at / with its script and styles, and a
// path that is neither a file nor a route answers 404, not the app's page:
// the app hides the pages of an API this build lacks by that 404.
func TestWebAppIsServedAndUnknownPathsAnswer404(t *testing.T) {
	app := testapp.New(t)
	base := testapp.Serve(t, app)

	index := testapp.Do(t, http.MethodGet, base+"/", "", nil)
	if index.Status != http.StatusOK || !strings.Contains(index.Raw, `src="./app.js"`) || !strings.Contains(index.Raw, `href="./app.css"`) {
		t.Fatalf("GET / = %d, want the app's index.html loading app.js and app.css; body %.200q", index.Status, index.Raw)
	}
	for _, file := range []string{"/app.js", "/app.css"} {
		if r := testapp.Do(t, http.MethodGet, base+file, "", nil); r.Status != http.StatusOK || len(r.Raw) < 1000 {
			t.Fatalf("GET %s = %d with %d bytes, want the built file", file, r.Status, len(r.Raw))
		}
	}
	for _, path := range []string{"/api/studio/no-such-report", "/no-such-page"} {
		r := testapp.Do(t, http.MethodGet, base+path, "", nil)
		if r.Status != http.StatusNotFound || strings.Contains(r.Raw, "<html") {
			t.Fatalf("GET %s = %d %.120q, want 404 without the app's page", path, r.Status, r.Raw)
		}
	}
}
