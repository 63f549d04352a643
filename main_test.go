package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
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
				os.Stdout.WriteString("FAIL " + z + ": " + err.Error() + "\n")
				os.Exit(3)
			}
			os.Stdout.WriteString("OK " + loc.String() + "\n")
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
