package schedule

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// LocalDate is the calendar date of t in loc, as YYYY-MM-DD.
func LocalDate(t time.Time, loc *time.Location) string { return t.In(loc).Format(time.DateOnly) }

// AppendObservation adds one dated, signed line to an observations text.
func AppendObservation(existing string, at time.Time, loc *time.Location, author, text string) string {
	line := fmt.Sprintf("[%s %s] %s", at.In(loc).Format("2006-01-02 15:04"), author, strings.TrimSpace(text))
	if strings.TrimSpace(existing) == "" {
		return line
	}
	return strings.TrimRight(existing, "\n") + "\n" + line
}

// QueueEntry is an Attended session waiting for an editor.
type QueueEntry struct {
	ID                    string    `json:"id"`
	Code                  string    `json:"code"`
	ClientName            string    `json:"client_name"`
	SessionType           string    `json:"session_type"`
	StartsAt              time.Time `json:"starts_at"`
	EndsAt                time.Time `json:"ends_at"`
	EstimatedDeliveryDate time.Time `json:"-"`
	EstimatedEditingDays  int       `json:"estimated_editing_days"`
	// Delivery is EstimatedDeliveryDate as answered (RFC 3339, "" if unset).
	Delivery string `json:"estimated_delivery_date"`
}

// SortQueue orders the queue by urgency: earliest estimated delivery date
// first (sessions without one after those with one), then earliest session,
// then code.
func SortQueue(q []QueueEntry) {
	sort.SliceStable(q, func(i, j int) bool {
		a, b := q[i], q[j]
		if a.EstimatedDeliveryDate.IsZero() != b.EstimatedDeliveryDate.IsZero() {
			return !a.EstimatedDeliveryDate.IsZero()
		}
		if !a.EstimatedDeliveryDate.Equal(b.EstimatedDeliveryDate) {
			return a.EstimatedDeliveryDate.Before(b.EstimatedDeliveryDate)
		}
		if !a.StartsAt.Equal(b.StartsAt) {
			return a.StartsAt.Before(b.StartsAt)
		}
		return a.Code < b.Code
	})
}

// EditorLoad is an editor's current work against the studio's limit.
type EditorLoad struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	InEditing  int    `json:"in_editing"`
	Max        int    `json:"max"`
	AtCapacity bool   `json:"at_capacity"`
}

// Load builds an editor's load: at capacity when In Editing ≥ max
// (MAX_CONCURRENT_EDITING_SESSIONS), as the In Editing guard decides.
func Load(id, name string, inEditing, max int) EditorLoad {
	return EditorLoad{ID: id, Name: name, InEditing: inEditing, Max: max, AtCapacity: inEditing >= max}
}
