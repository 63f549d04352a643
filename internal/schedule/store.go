package schedule

import (
	"database/sql"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/model"
	"github.com/studio/studio/internal/rbac"
)

// The queries below only gather candidates; Conflicts and Compute decide.
// Each is bounded on both sides of an indexed start column: a booking that
// overlaps [start, end) starts before end and no earlier than start minus
// the longest booking ever stored, which an expression index answers in
// O(log n) (see migrations/1764115400_scheduling_indexes.go).

// openSessions is written exactly as the partial index
// idx_sessions_open_room's condition, so SQLite can use that index.
const openSessions = "status NOT IN ('" + domain.StatusCanceled + "', '" + domain.StatusCompleted + "')"

// DBTime formats t as PocketBase stores datetimes, so that string
// comparisons in SQL order correctly.
func DBTime(t time.Time) string { return t.UTC().Format(types.DefaultDateLayout) }

// longest is the longest interval stored in table between two datetime
// columns, rounded up to the second, plus one second of slack for the
// floating point of julianday. The expression matches an index exactly, so
// SQLite reads one index entry.
func longest(app core.App, table, startCol, endCol string) (time.Duration, error) {
	var days sql.NullFloat64
	if err := app.DB().NewQuery(longestSQL(table, startCol, endCol)).Row(&days); err != nil {
		return 0, fmt.Errorf("longest interval in %s: %w", table, err)
	}
	if !days.Valid || days.Float64 <= 0 {
		return time.Second, nil
	}
	return time.Duration(math.Ceil(days.Float64*86400)+1) * time.Second, nil
}

func longestSQL(table, startCol, endCol string) string {
	return fmt.Sprintf("SELECT MAX(julianday(%[2]s) - julianday(%[1]s)) FROM %[3]s", startCol, endCol, table)
}

// roomBookingsSQL selects open sessions from index (a partial covering
// index named so that the plan never depends on statistics).
func roomBookingsSQL(index, where string) string {
	return `SELECT s.room AS resource, '' AS assignment, s.id AS session, s.code AS code,
		s.status AS status, '' AS assignment_status, s.starts_at AS start, s.ends_at AS end
		FROM ` + model.Sessions + ` s INDEXED BY ` + index + `
		WHERE ` + where + ` AND s.starts_at >= {:lo} AND s.starts_at < {:end} AND s.ends_at > {:start} AND s.` + openSessions
}

// photographerBookingsSQL reads one photographer's coverage from
// idx_assignments_photographer_time and joins each row to its session. The
// CROSS JOIN fixes that order: with a plain JOIN, statistics that PocketBase's
// PRAGMA optimize gathered while the tables were small (it runs after every
// collection save) led SQLite to walk every session and probe the
// assignments of each, a cost that grew with the sessions table.
func photographerBookingsSQL(where string) string {
	return `SELECT a.photographer AS resource, a.id AS assignment, s.id AS session, s.code AS code,
		s.status AS status, a.assignment_status AS assignment_status, a.coverage_start AS start, a.coverage_end AS end
		FROM ` + model.SessionPhotographers + ` a INDEXED BY idx_assignments_photographer_time
		CROSS JOIN ` + model.Sessions + ` s INDEXED BY idx_sessions_id_status ON s.id = a.session
		WHERE ` + where + ` AND a.coverage_start >= {:lo} AND a.coverage_start < {:end} AND a.coverage_end > {:start}
		AND a.assignment_status != {:reassigned} AND s.` + openSessions
}

// Explain returns SQLite's EXPLAIN QUERY PLAN of every query the
// availability answer and the assignment checks run, keyed by a short name.
func Explain(app core.App, window Interval) (map[string][]string, error) {
	// The availability's statements bind windowParams; the one-resource
	// queries bind lo, start, end and their resource.
	params := windowParams(window, 2*time.Hour, 2*time.Hour)
	params["lo"], params["start"], params["end"] = DBTime(window.Start.Add(-2*time.Hour)), DBTime(window.Start), DBTime(window.End)
	params["reassigned"], params["room"], params["photographer"] = domain.AssignmentReassigned, "x", "x"
	params["s"], params["p"], params["r"], params["except"] = "x", "x", domain.AssignmentReassigned, "x"
	queries := map[string]string{
		"longest session":                 longestSQL(model.Sessions, "starts_at", "ends_at"),
		"longest coverage":                longestSQL(model.SessionPhotographers, "coverage_start", "coverage_end"),
		"room bookings (one room)":        roomBookingsSQL("idx_sessions_open_room", "s.room = {:room}"),
		"longest bookings (availability)": windowBoundsSQL(),
		"open sessions (availability)":    windowSessionsSQL(),
		"open coverage (availability)":    windowCoverageSQL(),
		"photographer bookings (one)":     photographerBookingsSQL("a.photographer = {:photographer}"),
		"lead of a session":               leadSQL,
		"assigned photographers":          assignedPhotographersSQL,
		"same-session assignment":         sameSessionSQL,
	}
	out := make(map[string][]string, len(queries))
	for name, q := range queries {
		var plan []struct {
			ID     int    `db:"id"`
			Parent int    `db:"parent"`
			NotUse int    `db:"notused"`
			Detail string `db:"detail"`
		}
		if err := app.DB().NewQuery("EXPLAIN QUERY PLAN " + q).Bind(params).All(&plan); err != nil {
			return nil, fmt.Errorf("explain %s: %w", name, err)
		}
		for _, p := range plan {
			out[name] = append(out[name], p.Detail)
		}
	}
	return out, nil
}

type bookingRow struct {
	Resource         string `db:"resource"`
	Assignment       string `db:"assignment"`
	Session          string `db:"session"`
	Code             string `db:"code"`
	Status           string `db:"status"`
	AssignmentStatus string `db:"assignment_status"`
	Start            string `db:"start"`
	End              string `db:"end"`
}

// scanBookings runs a query whose columns are those of bookingRow, in
// order, scanning rows directly: on the availability path dbx's
// reflection-based mapping cost more than the query itself.
func scanBookings(q *dbx.Query) (out []bookingRow, err error) {
	rows, err := q.Rows()
	if err != nil {
		return nil, err
	}
	defer func() { err = errors.Join(err, rows.Close()) }()
	for rows.Next() {
		var r bookingRow
		if err := rows.Scan(&r.Resource, &r.Assignment, &r.Session, &r.Code, &r.Status, &r.AssignmentStatus, &r.Start, &r.End); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func (r bookingRow) booking() Booking {
	return Booking{Resource: r.Resource, Assignment: r.Assignment, Session: r.Session, Code: r.Code,
		Status: r.Status, AssignmentStatus: r.AssignmentStatus, When: Interval{Start: ParseDBTime(r.Start), End: ParseDBTime(r.End)}}
}

// ParseDBTime reads a datetime as PocketBase stores it (the zero time for
// an empty or malformed value); the fixed layout is parsed directly, the
// rest through PocketBase's lenient parser.
func ParseDBTime(s string) time.Time {
	if t, ok := parseStored(s); ok {
		return t
	}
	dt, _ := types.ParseDateTime(s)
	return dt.Time()
}

// parseStored reads exactly "2006-01-02 15:04:05.000Z" by hand: the
// availability answer parses two per booking, and time.Parse showed in
// its profile.
func parseStored(s string) (time.Time, bool) {
	if len(s) != 24 || s[4] != '-' || s[7] != '-' || s[10] != ' ' || s[13] != ':' || s[16] != ':' || s[19] != '.' || s[23] != 'Z' {
		return time.Time{}, false
	}
	n := func(from, to int) (int, bool) {
		v := 0
		for i := from; i < to; i++ {
			c := s[i]
			if c < '0' || c > '9' {
				return 0, false
			}
			v = v*10 + int(c-'0')
		}
		return v, true
	}
	year, ok1 := n(0, 4)
	month, ok2 := n(5, 7)
	day, ok3 := n(8, 10)
	hour, ok4 := n(11, 13)
	minute, ok5 := n(14, 16)
	sec, ok6 := n(17, 19)
	milli, ok7 := n(20, 23)
	digits := ok1 && ok2 && ok3 && ok4 && ok5 && ok6 && ok7
	if !digits || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, false
	}
	return time.Date(year, time.Month(month), day, hour, minute, sec, milli*int(time.Millisecond), time.UTC), true
}

func bookings(rows []bookingRow) []Booking {
	out := make([]Booking, len(rows))
	for i, r := range rows {
		out[i] = r.booking()
	}
	return out
}

// RoomBookings lists the open sessions holding room over window.
func RoomBookings(app core.App, window Interval, room string) ([]Booking, error) {
	slack, err := longest(app, model.Sessions, "starts_at", "ends_at")
	if err != nil {
		return nil, err
	}
	params := dbx.Params{"lo": DBTime(window.Start.Add(-slack)), "start": DBTime(window.Start), "end": DBTime(window.End), "room": room}
	rows, err := scanBookings(app.DB().NewQuery(roomBookingsSQL("idx_sessions_open_room", "s.room = {:room}")).Bind(params))
	if err != nil {
		return nil, fmt.Errorf("room bookings: %w", err)
	}
	return bookings(rows), nil
}

// PhotographerBookings lists the assignments of photographer (not
// Reassigned, of open sessions) whose coverage overlaps window.
func PhotographerBookings(app core.App, window Interval, photographer string) ([]Booking, error) {
	slack, err := longest(app, model.SessionPhotographers, "coverage_start", "coverage_end")
	if err != nil {
		return nil, err
	}
	params := dbx.Params{"lo": DBTime(window.Start.Add(-slack)), "start": DBTime(window.Start), "end": DBTime(window.End),
		"reassigned": domain.AssignmentReassigned, "photographer": photographer}
	rows, err := scanBookings(app.DB().NewQuery(photographerBookingsSQL("a.photographer = {:photographer}")).Bind(params))
	if err != nil {
		return nil, fmt.Errorf("photographer bookings: %w", err)
	}
	return bookings(rows), nil
}

// RoomConflicts returns the open sessions that forbid booking c.Resource
// (a room) for c.Session over c.When.
func RoomConflicts(app core.App, c Candidate) ([]Booking, error) {
	bs, err := RoomBookings(app, c.When, c.Resource)
	if err != nil {
		return nil, err
	}
	return Conflicts(c, bs), nil
}

// PhotographerConflicts returns the assignments that forbid assigning
// c.Resource (a photographer) to c.Session over c.When.
func PhotographerConflicts(app core.App, c Candidate) ([]Booking, error) {
	bs, err := PhotographerBookings(app, c.When, c.Resource)
	if err != nil {
		return nil, err
	}
	return Conflicts(c, bs), nil
}

// ActiveRooms lists the rooms that can be booked, by code.
func ActiveRooms(app core.App) ([]Resource, error) {
	var out []Resource
	err := app.DB().NewQuery("SELECT id, code, name, '' AS email FROM rooms WHERE status = {:active} ORDER BY code").
		Bind(dbx.Params{"active": domain.Active}).All(&out)
	if err != nil {
		return nil, fmt.Errorf("active rooms: %w", err)
	}
	return out, nil
}

// ActivePhotographers lists the Active users holding the Photographer role,
// by name.
func ActivePhotographers(app core.App) ([]Resource, error) {
	var out []Resource
	err := app.DB().NewQuery("SELECT u.id AS id, '' AS code, u.name AS name, u.email AS email FROM users u WHERE u.status = {:active} AND " +
		rbac.HoldsRoleSQL + " ORDER BY u.name, u.id").
		Bind(dbx.Params{"active": domain.Active, "role": rbac.RolePhotographer}).All(&out)
	if err != nil {
		return nil, fmt.Errorf("active photographers: %w", err)
	}
	return out, nil
}

// IsAssignable reports whether the user is an Active user holding the
// Photographer role: the only users an assignment may name.
func IsAssignable(app core.App, userID string) (bool, error) {
	var n int
	err := app.DB().NewQuery("SELECT COUNT(*) FROM users u WHERE u.id = {:id} AND u.status = {:active} AND " + rbac.HoldsRoleSQL).
		Bind(dbx.Params{"id": userID, "active": domain.Active, "role": rbac.RolePhotographer}).Row(&n)
	if err != nil {
		return false, fmt.Errorf("check photographer %s: %w", userID, err)
	}
	return n > 0, nil
}

// LoadAvailability answers availability over window for every active room
// and photographer, ignoring the bookings of session exclude, followed by
// the rooms that cannot be booked at all (UnbookableRooms). The rooms and
// photographers come from the app's cache when it has one
// (WatchResources); the window's bookings take three statements
// (windowBookings), plus one in the rare case that a coverage lies wholly
// outside its own session.
func LoadAvailability(app core.App, window Interval, exclude string) (Availability, error) {
	res, err := loadResources(app)
	if err != nil {
		return Availability{}, err
	}
	rb, pb, err := windowBookings(app, window)
	if err != nil {
		return Availability{}, err
	}
	a := Compute(window, exclude, res.rooms, res.photographers, rb, pb)
	a.Rooms = append(a.Rooms, res.unbookable...)
	return a, nil
}
