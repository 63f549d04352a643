package jobs_test

import (
	"bytes"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/archive"

	"github.com/studio/studio/internal/seed"
	ta "github.com/studio/studio/internal/testapp"
)

// The restore drill of docs/operations.md, with the real binary: demo data,
// a running server, a backup through the backups API, changes after it, a
// restore through the API (PocketBase swaps the data dir and restarts the
// process) and, once the server is back, the data exactly as at the
// backup. The same archive, unzipped into an empty data dir (the offline
// way), serves the same data. It also checks that nightly backups are on by
// default.
func TestRestoreDrill(t *testing.T) {
	dir := t.TempDir()
	bin := studioBinary(t)
	data := filepath.Join(dir, "pb_data")
	if out, err := exec.Command(bin, "seed", "--demo", "--dir", data).CombinedOutput(); err != nil {
		t.Fatalf("seed: %v\n%s", err, out)
	}
	addr := freeAddr(t)
	base := "http://" + addr
	srv := exec.Command(bin, "serve", "--http", addr, "--dir", data)
	var log bytes.Buffer
	srv.Stdout, srv.Stderr = &log, &log
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = srv.Process.Kill()
		_, _ = srv.Process.Wait()
		if t.Failed() {
			t.Logf("server output:\n%s", log.String())
		}
	})
	waitFor(t, "the server to start", func() bool { return healthy(base) })

	login := ta.Do(t, "POST", base+"/api/collections/_superusers/auth-with-password", "",
		map[string]any{"identity": seed.DemoSuperuser, "password": seed.DemoPassword})
	token, _ := login.Body["token"].(string)
	if login.Status != 200 || token == "" {
		t.Fatalf("superuser login: %d %s", login.Status, login.Raw)
	}

	settings := ta.Do(t, "GET", base+"/api/settings", token, nil)
	backups, _ := settings.Body["backups"].(map[string]any)
	if backups["cron"] != "30 3 * * *" || backups["cronMaxKeep"] != float64(7) {
		t.Fatalf("scheduled backups: %v", backups)
	}

	clients := ta.Do(t, "GET", base+"/api/collections/clients/records?sort=created&perPage=100", token, nil)
	if clients.Status != 200 || len(clients.Items()) == 0 {
		t.Fatalf("clients: %d %s", clients.Status, clients.Raw)
	}
	first := clients.Items()[0]
	id, name := first["id"].(string), first["full_name"].(string)
	before := len(clients.Items())

	if res := ta.Do(t, "POST", base+"/api/backups", token, map[string]any{"name": "drill.zip"}); res.Status != 204 {
		t.Fatalf("create backup: %d %s", res.Status, res.Raw)
	}
	if res := ta.Do(t, "PATCH", base+"/api/collections/clients/records/"+id, token, map[string]any{"full_name": "Changed after the backup"}); res.Status != 200 {
		t.Fatalf("change a client: %d %s", res.Status, res.Raw)
	}
	added := ta.Do(t, "POST", base+"/api/collections/clients/records", token, map[string]any{
		"full_name": "Added after the backup", "email": "after@example.com", "primary_phone": "+502 5555 0000",
		"client_type": "Individual", "status": "Active"})
	if added.Status != 200 {
		t.Fatalf("add a client: %d %s", added.Status, added.Raw)
	}

	if res := ta.Do(t, "POST", base+"/api/backups/drill.zip/restore", token, nil); res.Status != 204 {
		t.Fatalf("restore: %d %s", res.Status, res.Raw)
	}
	// The process restarts in place (same pid); the old token stays valid
	// (the restored database holds the same superuser and signing keys).
	waitFor(t, "the restored data", func() bool {
		got, ok := getJSON(base+"/api/collections/clients/records/"+id, token)
		return ok && got["full_name"] == name
	})
	after := ta.Do(t, "GET", base+"/api/collections/clients/records?sort=created&perPage=100", token, nil)
	if len(after.Items()) != before {
		t.Fatalf("%d clients after the restore, want %d as at the backup", len(after.Items()), before)
	}
	if res := ta.Do(t, "GET", base+"/api/collections/clients/records/"+added.Body["id"].(string), token, nil); res.Status != 404 {
		t.Fatalf("the client added after the backup is still there: %d", res.Status)
	}

	// The offline way (docs/operations.md): unzip the archive into an
	// empty data dir and point the binary at it.
	fresh := filepath.Join(dir, "restored")
	if err := archive.Extract(filepath.Join(data, "backups", "drill.zip"), fresh); err != nil {
		t.Fatalf("unzip the backup: %v", err)
	}
	out, err := exec.Command(bin, "jobs", "run", "integrity-check", "--dir", fresh).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "errors 0") {
		t.Fatalf("the binary on the unzipped backup: %v\n%s", err, out)
	}
	offline := core.NewBaseApp(core.BaseAppConfig{DataDir: fresh})
	if err := offline.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = offline.ClearBootstrap() }()
	restored, err := offline.FindRecordById("clients", id)
	if err != nil || restored.GetString("full_name") != name {
		t.Fatalf("client in the unzipped backup: %v %v", restored, err)
	}
	if n, _ := offline.CountRecords("clients"); int(n) != before {
		t.Fatalf("%d clients in the unzipped backup, want %d", n, before)
	}
}

// binary is bin/studio built once per test binary, into a temporary dir.
var binary struct {
	once sync.Once
	path string
	err  error
	out  []byte
}

func studioBinary(t *testing.T) string {
	t.Helper()
	binary.once.Do(func() {
		dir, err := os.MkdirTemp("", "studio-bin-*")
		if err != nil {
			binary.err = err
			return
		}
		binary.path = filepath.Join(dir, "studio")
		binary.out, binary.err = exec.Command("go", "build", "-o", binary.path, "github.com/studio/studio").CombinedOutput()
	})
	if binary.err != nil {
		t.Fatalf("build: %v\n%s", binary.err, binary.out)
	}
	return binary.path
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return "127.0.0.1:" + strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
}

func healthy(base string) bool {
	res, err := http.Get(base + "/api/health")
	if err != nil {
		return false
	}
	res.Body.Close()
	return res.StatusCode == 200
}

// getJSON GETs a record, answering false on any failure (the server may
// be restarting).
func getJSON(url, token string) (map[string]any, bool) {
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Authorization", token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, false
	}
	defer res.Body.Close()
	var out map[string]any
	if res.StatusCode != 200 || json.NewDecoder(res.Body).Decode(&out) != nil {
		return nil, false
	}
	return out, true
}

// waitFor polls cond every 100 ms for up to 60 s (a process start, not a
// clock: the job tests never wait).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
