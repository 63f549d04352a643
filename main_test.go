package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
)

// probeEnv makes the test binary, re-run inside a mount namespace, only
// load the zones and print what it found.
const probeEnv = "STUDIO_TZ_PROBE"

// zones are names a studio sets in studio_settings.timezone.
var zones = []string{"America/Guatemala", "America/Mexico_City", "Europe/Madrid", "Asia/Tokyo"}

func TestMain(m *testing.M) {
	if os.Getenv(probeEnv) == "1" {
		for _, z := range zones {
			loc, err := time.LoadLocation(z)
			if err != nil {
				fmt.Println("FAIL " + z + ": " + err.Error())
				os.Exit(3)
			}
			fmt.Println("OK " + loc.String())
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestTimeZonesLoadWithoutHostDatabase runs this package's binary (which
// links what the studio binary links) in a private mount namespace where
// the host's zoneinfo directories and the toolchain's zoneinfo.zip are hidden
// behind empty folders: the studio's zones must still load. It needs root
// and unshare(1), which the project's machines and CI have.
func TestTimeZonesLoadWithoutHostDatabase(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("mount namespaces are Linux-only")
	}
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatalf("go env GOROOT: %v", err)
	}
	empty := t.TempDir()
	var hide []string
	for _, dir := range []string{"/usr/share/zoneinfo", "/usr/share/lib/zoneinfo", "/usr/lib/locale/TZ", "/etc/zoneinfo", filepath.Join(strings.TrimSpace(string(goroot)), "lib", "time")} {
		if _, err := os.Stat(dir); err == nil {
			hide = append(hide, "mount --bind "+empty+" "+dir)
		}
	}
	if len(hide) == 0 {
		t.Fatal("no zoneinfo directory found on this host to hide; the probe would prove nothing")
	}
	script := strings.Join(hide, " && ") + ` && exec "$0" -test.run '^$'`
	cmd := exec.Command("unshare", "--mount", "--propagation", "private", "sh", "-c", script, os.Args[0])
	cmd.Env = append(os.Environ(), probeEnv+"=1", "ZONEINFO=")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("zones did not load without the host database: %v\n%s", err, out)
	}
	if got := strings.Count(string(out), "OK "); got != len(zones) {
		t.Fatalf("loaded %d of %d zones:\n%s", got, len(zones), out)
	}
}

// TestDBConnectPragmas opens a database the way the server does and reads
// back, on two connections of the pool, the settings PocketBase's own
// connections have, and the smaller page cache.
func TestDBConnectPragmas(t *testing.T) {
	db, err := dbConnect(filepath.Join(t.TempDir(), "data.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.DB().SetMaxOpenConns(2)
	want := map[string]string{
		"busy_timeout": "10000", "journal_mode": "wal", "journal_size_limit": "200000000",
		"synchronous": "1", "foreign_keys": "1", "temp_store": "2", "cache_size": fmt.Sprint(-sqliteCacheKiB),
	}
	// two connections held at once, so that the second is a fresh one
	tx1, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx1.Rollback() }()
	tx2, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx2.Rollback() }()
	for i, tx := range []interface {
		NewQuery(string) *dbx.Query
	}{tx1, tx2} {
		for name, v := range want {
			var got string
			if err := tx.NewQuery("PRAGMA " + name).Row(&got); err != nil {
				t.Fatalf("connection %d: PRAGMA %s: %v", i, name, err)
			}
			if got != v {
				t.Errorf("connection %d: PRAGMA %s = %s, want %s", i, name, got, v)
			}
		}
	}
}
