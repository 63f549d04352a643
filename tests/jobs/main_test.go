package jobs_test

import (
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/hooks"
	"github.com/studio/studio/internal/jobs"
	ta "github.com/studio/studio/internal/testapp"
)

// The test binary doubles as a job process: with STUDIO_JOBS_CHILD_DIR set
// it opens that data dir with the production wiring and runs one job, as
// `studio jobs run` does, optionally killing itself (SIGKILL, no cleanup)
// right after its Nth unit of work. The crash test and the benchmark run
// jobs this way, in a process of their own.
const (
	childDirEnv  = "STUDIO_JOBS_CHILD_DIR"
	childJobEnv  = "STUDIO_JOBS_CHILD_JOB"
	childNowEnv  = "STUDIO_JOBS_CHILD_NOW"
	childKillEnv = "STUDIO_JOBS_CHILD_KILL_AFTER"
	// childProfileEnv names a file for the job process's CPU profile.
	childProfileEnv = "STUDIO_JOBS_CPUPROFILE"
)

func TestMain(m *testing.M) {
	if dir := os.Getenv(childDirEnv); dir != "" {
		os.Exit(runChild(dir))
	}
	os.Exit(m.Run())
}

func runChild(dir string) int {
	started := time.Now()
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: dir})
	if err := app.Bootstrap(); err != nil {
		fmt.Fprintln(os.Stderr, "bootstrap:", err)
		return 2
	}
	hooks.Register(app)
	name := os.Getenv(childJobEnv)
	defer printPeakRSS()
	if name == "" { // baseline: open the app, run nothing
		fmt.Printf("baseline: opened in %s\n", time.Since(started).Round(time.Millisecond))
		return 0
	}
	now, err := time.Parse(time.RFC3339, os.Getenv(childNowEnv))
	if err != nil {
		fmt.Fprintln(os.Stderr, "now:", err)
		return 2
	}
	ta.SetNow(app, now)
	job, ok := jobs.Find(name)
	if !ok {
		fmt.Fprintln(os.Stderr, "unknown job", name)
		return 2
	}
	killAfter, _ := strconv.Atoi(os.Getenv(childKillEnv))
	done := 0
	opts := jobs.Options{AfterEach: func(string) {
		done++
		if killAfter > 0 && done == killAfter {
			_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
			select {} // the signal ends the process
		}
	}}
	if path := os.Getenv(childProfileEnv); path != "" {
		f, err := os.Create(path)
		if err == nil && pprof.StartCPUProfile(f) == nil {
			defer pprof.StopCPUProfile()
		}
	}
	s, err := jobs.Run(app, job, now, opts)
	fmt.Println(s.Line())
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// printPeakRSS prints the process's peak resident set (VmHWM). The
// rusage a parent gets from wait4 would not do: its high-water mark
// survives execve, so it starts at the parent's own size.
func printPeakRSS() {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return
	}
	for _, line := range strings.Split(string(status), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			fmt.Printf("peak_rss_kb=%s\n", strings.TrimSuffix(strings.TrimSpace(strings.TrimPrefix(line, "VmHWM:")), " kB"))
		}
	}
}

// child is a job run in a process of its own.
type child struct {
	out    string
	killed bool
	// maxRSS is the process's peak resident set, in bytes (0 if unknown).
	maxRSS int64
	// wall is the process's lifetime; cpu its user + system CPU time.
	wall, cpu time.Duration
}

var rssRE = regexp.MustCompile(`peak_rss_kb=(\d+)`)

func runJobProcess(t testing.TB, dir, job string, now time.Time, killAfter int) child {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childDirEnv+"="+dir, childJobEnv+"="+job,
		childNowEnv+"="+now.Format(time.RFC3339), childKillEnv+"="+strconv.Itoa(killAfter))
	t0 := time.Now()
	out, err := cmd.CombinedOutput()
	c := child{out: string(out), wall: time.Since(t0), cpu: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()}
	if m := rssRE.FindStringSubmatch(c.out); m != nil {
		kb, _ := strconv.ParseInt(m[1], 10, 64)
		c.maxRSS = kb * 1024
	}
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
		c.killed = true
		return c
	}
	if err != nil {
		t.Fatalf("job process %s: %v\n%s", job, err, out)
	}
	return c
}
