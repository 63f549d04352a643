package scheduling

import (
	"net/http"
	"testing"

	"github.com/studio/studio/internal/domain"
	ta "github.com/studio/studio/internal/testapp"
)

func TestRoomBookingOverREST(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	tok := w.tok["coordinator"]
	booked := w.session(t, w.room, 10, 12, domain.StatusConfirmed)
	w.session(t, w.room, 14, 16, domain.StatusCanceled)
	w.session(t, w.room, 16, 18, domain.StatusCompleted)

	t.Run("overlap answers ROOM_NOT_AVAILABLE with the conflicting session", func(t *testing.T) {
		r := w.createSession(t, tok, w.room, 11, 13)
		expect(t, r, http.StatusConflict, "room", domain.CodeRoomNotAvailable)
		c := conflicts(r, "room")
		if len(c) != 1 || c[0]["id"] != booked.Id || c[0]["code"] != booked.GetString("code") ||
			c[0]["status"] != domain.StatusConfirmed || c[0]["starts_at"] != "2027-01-16T10:00:00Z" || c[0]["ends_at"] != "2027-01-16T12:00:00Z" {
			t.Fatalf("conflicts = %v", c)
		}
	})
	t.Run("touching ends do not overlap", func(t *testing.T) {
		expect(t, w.createSession(t, tok, w.room, 12, 13), http.StatusOK, "", "")
		expect(t, w.createSession(t, tok, w.room, 9, 10), http.StatusOK, "", "")
	})
	t.Run("canceled and completed sessions do not block", func(t *testing.T) {
		expect(t, w.createSession(t, tok, w.room, 14, 18), http.StatusOK, "", "")
	})
	t.Run("another room is free", func(t *testing.T) {
		expect(t, w.createSession(t, tok, ta.Room(t, w.app, nil), 10, 12), http.StatusOK, "", "")
	})
	t.Run("maintenance and inactive rooms cannot be booked", func(t *testing.T) {
		for _, status := range []string{domain.Maintenance, domain.Inactive} {
			room := ta.Room(t, w.app, map[string]any{"status": status})
			r := w.createSession(t, tok, room, 20, 21)
			expect(t, r, http.StatusConflict, "room", domain.CodeRoomNotAvailable)
			if p := params(r, "room"); p["room_status"] != status || p["reason"] == "" {
				t.Fatalf("params = %v", p)
			}
		}
	})
	t.Run("moving a session onto a booked slot is refused", func(t *testing.T) {
		s := w.session(t, w.room, 30, 31, domain.StatusRequest)
		r := ta.Do(t, http.MethodPatch, w.records("sessions")+"/"+s.Id, tok, map[string]any{"starts_at": h(10.5), "ends_at": h(11)})
		expect(t, r, http.StatusConflict, "room", domain.CodeRoomNotAvailable)
		again, _ := w.app.FindRecordById("sessions", s.Id)
		if !again.GetDateTime("starts_at").Time().Equal(h(30)) {
			t.Fatal("a refused move changed the session")
		}
	})
	t.Run("changing the room onto a booked one is refused", func(t *testing.T) {
		other := ta.Room(t, w.app, nil)
		s := w.session(t, other, 10, 12, domain.StatusRequest)
		r := ta.Do(t, http.MethodPatch, w.records("sessions")+"/"+s.Id, tok, map[string]any{"room": w.room.Id})
		expect(t, r, http.StatusConflict, "room", domain.CodeRoomNotAvailable)
	})
	t.Run("editing other fields of a booked session is fine", func(t *testing.T) {
		r := ta.Do(t, http.MethodPatch, w.records("sessions")+"/"+booked.Id, w.tok["admin"], map[string]any{"special_notes": "bring lights"})
		expect(t, r, http.StatusOK, "", "")
	})
}
