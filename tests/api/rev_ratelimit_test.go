package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	ta "github.com/studio/studio/internal/testapp"
)

// TestRateLimitIgnoresForwardedHeaders: the server trusts no proxy header
// by default, so a client that sends a new X-Forwarded-For, X-Real-IP or
// CF-Connecting-IP with every wrong password is still one client: the 21st
// login in a minute answers 429, and so does a studio route past its limit.
func TestRateLimitIgnoresForwardedHeaders(t *testing.T) {
	app := ta.NewRateLimited(t)
	staff := ta.NewStaff(t, app)
	base := ta.Serve(t, app)

	post := func(i int, url string, body any) int {
		raw, _ := json.Marshal(body)
		req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		ip := fmt.Sprintf("203.0.113.%d", i)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Forwarded-For", ip)
		req.Header.Set("X-Real-IP", ip)
		req.Header.Set("CF-Connecting-IP", ip)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = res.Body.Close()
		return res.StatusCode
	}
	login := map[string]any{"identity": staff.Coordinator.GetString("email"), "password": "wrong-password"}
	for i := 1; i <= 20; i++ {
		if s := post(i, base+"/api/collections/users/auth-with-password", login); s != http.StatusBadRequest {
			t.Fatalf("wrong password %d: want 400, got %d", i, s)
		}
	}
	if s := post(21, base+"/api/collections/users/auth-with-password", login); s != http.StatusTooManyRequests {
		t.Errorf("21st login with a new forwarded address: want 429, got %d", s)
	}
	if s := post(22, base+"/api/collections/USERS/auth-with-password", login); s != http.StatusTooManyRequests {
		t.Errorf("the collection name in capitals: want 429, got %d", s)
	}
}

// TestRateLimitCountsStudioRoutes: the studio's own routes under
// /api/studio count against the general limit like the record API: the
// 301st request in 10 seconds answers 429, whatever the forwarded address
// it claims.
func TestRateLimitCountsStudioRoutes(t *testing.T) {
	app := ta.NewRateLimited(t)
	staff := ta.NewStaff(t, app)
	base := ta.Serve(t, app)
	tok := ta.Token(t, staff.Coordinator)

	get := func(i int) int {
		req, err := http.NewRequest(http.MethodGet, base+"/api/studio/editing-queue", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", tok)
		req.Header.Set("X-Forwarded-For", fmt.Sprintf("198.51.100.%d", i%250))
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = res.Body.Close()
		return res.StatusCode
	}
	for i := 1; i <= 300; i++ {
		if s := get(i); s != http.StatusOK {
			t.Fatalf("studio request %d: want 200, got %d", i, s)
		}
	}
	if s := get(301); s != http.StatusTooManyRequests {
		t.Errorf("301st studio request in 10 s: want 429, got %d", s)
	}
}
