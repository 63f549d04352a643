package lifecycle

import (
	"errors"
	"testing"
	"time"

	"github.com/studio/studio/internal/domain"
)

func TestMovedChangesDeadline(t *testing.T) {
	gt := time.FixedZone("GT", -6*3600)
	now := time.Date(2026, 6, 1, 15, 0, 0, 0, time.UTC)
	dl, ok, err := MovedChangesDeadline(domain.StatusConfirmed, time.Date(2026, 7, 11, 15, 0, 0, 0, time.UTC), now, 7, gt)
	if err != nil || !ok || !dl.Equal(time.Date(2026, 7, 5, 5, 59, 59, 0, time.UTC)) {
		t.Fatalf("moved to 11 July: %v %v %v", dl, ok, err)
	}
	// 9 June 00:30 studio time: the deadline would be 2 June 23:59:59, ahead of now.
	if _, ok, err := MovedChangesDeadline(domain.StatusConfirmed, time.Date(2026, 6, 9, 6, 30, 0, 0, time.UTC), now, 7, gt); err != nil || !ok {
		t.Fatalf("moved to 9 June: %v %v", ok, err)
	}
	_, _, err = MovedChangesDeadline(domain.StatusConfirmed, time.Date(2026, 6, 5, 15, 0, 0, 0, time.UTC), now, 7, gt)
	var de *domain.Error
	if !errors.As(err, &de) || de.ErrCode != domain.CodeChangesDeadlineExpired || de.Field != "starts_at" {
		t.Fatalf("moved to 5 June: %v", err)
	}
	for _, st := range []string{domain.StatusPreScheduled, domain.StatusAssigned, domain.StatusRequest} {
		if _, ok, err := MovedChangesDeadline(st, time.Date(2026, 6, 2, 15, 0, 0, 0, time.UTC), now, 7, gt); ok || err != nil {
			t.Errorf("%s: %v %v", st, ok, err)
		}
	}
}
