package notify

import (
	"errors"
	"math/rand/v2"
	"net/textproto"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// permanentError marks a failure that no retry can fix.
type permanentError struct{ err error }

func (e permanentError) Error() string { return e.err.Error() }
func (e permanentError) Unwrap() error { return e.err }

// Permanent marks err as a failure no retry can fix (an invalid address, a
// template that cannot render).
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return permanentError{err}
}

// Outcome is what a delivery error means for the entry.
type Outcome int

// Delivery outcomes.
const (
	// Delivered: the server accepted the message.
	Delivered Outcome = iota
	// Transient: connection refused, timeout, dropped connection, 4xx; retry later.
	Transient
	// Fatal: a 5xx answer or a message that cannot be built; never retried.
	Fatal
	// Released: not attempted because the worker stopped; back to Pending.
	Released
)

// Classify maps a send error to an outcome: 5xx server answers and
// errors marked Permanent are fatal, ErrReleased is released, anything else
// (network errors, timeouts, 4xx, a connection dropped mid-message) is
// transient.
func Classify(err error) Outcome {
	if err == nil {
		return Delivered
	}
	if errors.Is(err, ErrReleased) {
		return Released
	}
	var pe permanentError
	if errors.As(err, &pe) {
		return Fatal
	}
	var se *gomail.SendError
	if errors.As(err, &se) {
		switch {
		case se.ErrorCode() >= 500:
			return Fatal
		case se.Reason == gomail.ErrGetSender || se.Reason == gomail.ErrGetRcpts:
			return Fatal
		}
		return Transient
	}
	var te *textproto.Error
	if errors.As(err, &te) && te.Code >= 500 {
		return Fatal
	}
	return Transient
}

// Backoff is the retry schedule: after attempt n (1-based) the entry waits
// Base·2^(n-1), capped at Max, of which the second half is random
// ("equal jitter"), so retries of many entries do not arrive together.
type Backoff struct {
	Base time.Duration
	Max  time.Duration
}

// Delay is the wait after attempt n; r is a random number in [0, 1).
func (b Backoff) Delay(n int, r float64) time.Duration {
	d := b.Base
	for i := 1; i < n && d < b.Max; i++ {
		d *= 2
	}
	if d > b.Max {
		d = b.Max
	}
	half := d / 2
	return half + time.Duration(r*float64(d-half))
}

// Random is the default jitter source.
func Random() float64 { return rand.Float64() }
