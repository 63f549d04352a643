package schedule

import (
	"fmt"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
)

// RoomStatusReason is the reason an availability answer and a refused
// booking give for a room in status (Inactive, Maintenance): room_inactive,
// room_maintenance.
func RoomStatusReason(status string) string { return "room_" + strings.ToLower(status) }

// UnbookableRooms lists the rooms that cannot be booked at all (status
// Inactive or Maintenance), by code, each not free with its reason and no
// blocking sessions: the availability answer names every room, so a room
// under maintenance is seen as taken rather than missing (docs/rules.md §6.12).
func UnbookableRooms(app core.App) ([]ResourceAvailability, error) {
	var rows []struct {
		Resource
		Status string `db:"status"`
	}
	err := app.DB().NewQuery("SELECT id, code, name, '' AS email, status FROM rooms WHERE status != {:active} ORDER BY code").
		Bind(dbx.Params{"active": domain.Active}).All(&rows)
	if err != nil {
		return nil, fmt.Errorf("unbookable rooms: %w", err)
	}
	out := make([]ResourceAvailability, len(rows))
	for i, r := range rows {
		out[i] = ResourceAvailability{Resource: r.Resource, Free: false, Blockers: []Blocker{}, Reason: RoomStatusReason(r.Status)}
	}
	return out, nil
}
