package notify

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/textproto"
	"os"
	"syscall"
	"testing"
	"time"
)

func TestClassify(t *testing.T) {
	for _, c := range []struct {
		name string
		err  error
		want Outcome
	}{
		{"nil", nil, Delivered},
		{"released", fmt.Errorf("batch: %w", ErrReleased), Released},
		{"permanent", Permanent(errors.New("bad address")), Fatal},
		{"connection refused", &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}, Transient},
		{"timeout", fmt.Errorf("dial: %w", context.DeadlineExceeded), Transient},
		{"dropped", fmt.Errorf("send: %w", io.EOF), Transient},
		{"greeting 421", &textproto.Error{Code: 421, Msg: "busy"}, Transient},
		{"greeting 554", fmt.Errorf("dial: %w", &textproto.Error{Code: 554, Msg: "go away"}), Fatal},
	} {
		if got := Classify(c.err); got != c.want {
			t.Errorf("%s: Classify = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestBackoffDoublesWithJitterUpToMax(t *testing.T) {
	b := Backoff{Base: 30 * time.Second, Max: time.Hour}
	for _, c := range []struct {
		attempt  int
		r        float64
		want     time.Duration
		wantHigh time.Duration
	}{
		{1, 0, 15 * time.Second, 30 * time.Second},
		{2, 0, 30 * time.Second, time.Minute},
		{3, 0, time.Minute, 2 * time.Minute},
		{8, 0, 30 * time.Minute, time.Hour},
		{20, 0, 30 * time.Minute, time.Hour},
	} {
		if got := b.Delay(c.attempt, c.r); got != c.want {
			t.Errorf("attempt %d, r=0: %v, want %v", c.attempt, got, c.want)
		}
		if got := b.Delay(c.attempt, 0.999999); got > c.wantHigh || got < c.wantHigh*99/100 {
			t.Errorf("attempt %d, r≈1: %v, want just under %v", c.attempt, got, c.wantHigh)
		}
	}
}
