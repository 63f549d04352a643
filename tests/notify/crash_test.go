package notify_test

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/notify"
	_ "github.com/studio/studio/migrations"
)

// buildStudio compiles the studio binary into a temporary directory.
func buildStudio(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "studio")
	cmd := exec.Command("go", "build", "-o", bin, "github.com/studio/studio")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// openData opens a data dir as a bare app (migrated), for preparing and
// inspecting it while no server runs.
func openData(t *testing.T, dir string, f func(app core.App)) {
	t.Helper()
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: dir})
	if err := app.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = app.ClearBootstrap() }()
	if err := app.RunAllMigrations(); err != nil {
		t.Fatal(err)
	}
	f(app)
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// syncBuffer collects a process's output.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func startServe(t *testing.T, bin, dir string, ms *mailServer, out *syncBuffer) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--dir", dir, "--http", "127.0.0.1:"+strconv.Itoa(freePort(t)))
	cmd.Env = append(os.Environ(),
		"STUDIO_SMTP_HOST="+ms.Host, "STUDIO_SMTP_PORT="+strconv.Itoa(ms.Port), "STUDIO_SMTP_TLS=none",
		"STUDIO_SMTP_FROM=studio@example.com", "STUDIO_SMTP_TIMEOUT=5s", "STUDIO_OUTBOX_POLL_INTERVAL=200ms")
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd
}

func statusCounts(t *testing.T, dir string) map[string]int {
	t.Helper()
	counts := map[string]int{}
	openData(t, dir, func(app core.App) {
		all, err := app.FindAllRecords("outbox")
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range all {
			counts[r.GetString("status")]++
		}
	})
	return counts
}

// TestNoEmailIsLostWhenTheServerIsKilled runs the real binary, kills it
// (SIGKILL) while entries are pending and one is in flight, restarts it
// and checks every entry is delivered, each at least once and at most
// twice.
func TestNoEmailIsLostWhenTheServerIsKilled(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	const total = 40
	bin := buildStudio(t)
	dir := filepath.Join(t.TempDir(), "pb_data")
	ids := map[string]bool{}
	openData(t, dir, func(app core.App) {
		err := app.RunInTransaction(func(tx core.App) error {
			for i := 0; i < total; i++ {
				if err := notify.Email(tx, notify.EmailIntent{Template: notify.TemplateConfirmation,
					Recipient: fmt.Sprintf("client%02d@example.com", i), Data: facts()}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		all, _ := app.FindAllRecords("outbox")
		for _, r := range all {
			ids[r.Id] = true
		}
	})

	ms := newMailServer(t)
	inFlight := make(chan struct{})
	ms.Plan(func(n int) behaviour {
		if n == 6 {
			return block
		}
		return accept
	})
	ms.OnData(func(n int) {
		if n == 6 {
			close(inFlight)
		}
	})
	var out syncBuffer
	first := startServe(t, bin, dir, ms, &out)
	select {
	case <-inFlight:
	case <-time.After(60 * time.Second):
		_ = first.Process.Kill()
		t.Fatalf("the server never sent its sixth message; output:\n%s", out.String())
	}
	if err := first.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = first.Wait()
	ms.Close() // the held message is now accepted, although its sender is gone

	before := statusCounts(t, dir)
	if before[domain.OutboxSent] != 5 || before[domain.OutboxSending] == 0 || before[domain.OutboxPending] == 0 {
		t.Fatalf("at the kill: %v, want 5 Sent, some Sending (in flight) and some Pending", before)
	}
	t.Logf("at the kill: %v", before)

	ms2 := newMailServer(t)
	second := startServe(t, bin, dir, ms2, &out)
	remaining := total - before[domain.OutboxSent]
	got := ms2.WaitFor(remaining, 60*time.Second)
	if err := second.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := second.Wait(); err != nil {
		t.Errorf("graceful stop: %v", err)
	}

	copies := map[string]int{}
	for _, m := range append(ms.Messages(), got...) {
		copies[m.EntryID]++
	}
	twice := 0
	for id := range ids {
		if copies[id] < 1 || copies[id] > 2 {
			t.Errorf("entry %s received %d times", id, copies[id])
		}
		if copies[id] == 2 {
			twice++
		}
	}
	t.Logf("%d entries, %d received twice (in flight at the kill)", total, twice)
	if after := statusCounts(t, dir); after[domain.OutboxSent] != total {
		t.Fatalf("after the restart: %v, want all %d Sent\n%s", after, total, out.String())
	}

	// the CLI finds nothing to retry
	cli, err := exec.Command(bin, "outbox", "retry", "--all-failed", "--dir", dir).CombinedOutput()
	if err != nil || !strings.Contains(string(cli), "0 failed entries queued again") {
		t.Errorf("studio outbox retry --all-failed: %v\n%s", err, cli)
	}
}
