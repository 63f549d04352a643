package schedule

import (
	"database/sql"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/model"
)

// The availability answer reads a window's bookings with three statements:
// windowBoundsSQL (the longest session and the longest coverage, one
// entry of an expression index each), windowSessionsSQL and
// windowCoverageSQL, which read the open sessions and the blocking
// coverage from their partial covering indexes and answer each column as
// one list in one text value (group_concat). At 100,000 sessions a
// one-week window holds about 400 sessions and 500 assignments: fetched
// row by row, the driver's work per row and per column (a mutex and a copy
// for each of eight columns) and the garbage it left cost more than
// SQLite's reading of the indexes. Two statements cost less than one that
// joins the two aggregates (SQLite materializes the joined subqueries).

// Packing: every aggregate of one SELECT sees the rows in the same order,
// so the n-th entry of each list belongs to the n-th row. Entries are
// separated by listSep: they are ids (15 characters of [a-z0-9]), select
// values and stored datetimes, none of which can hold it. Sessions' codes
// are free text, so they are concatenated with no separator and cut by a
// list of their lengths in bytes. PocketBase's columns are NOT NULL, so
// every row has an entry in every list.
const listSep = ','

// The window's statements, built once: they are also the keys of the
// prepared queries.
var (
	windowBoundsQuery   = windowBoundsSQL()
	windowSessionsQuery = windowSessionsSQL()
	windowCoverageQuery = windowCoverageSQL()
)

func windowBoundsSQL() string {
	return "SELECT (" + longestSQL(model.Sessions, "starts_at", "ends_at") + "), (" +
		longestSQL(model.SessionPhotographers, "coverage_start", "coverage_end") + ")"
}

// windowSessionsSQL lists the open sessions (written as the condition of
// idx_sessions_open_starts) starting in [slo, send) and ending after
// sstart: id, room, status, starts_at, ends_at, the codes' lengths, the
// codes.
func windowSessionsSQL() string {
	return `SELECT group_concat(s.id), group_concat(s.room), group_concat(s.status), group_concat(s.starts_at), group_concat(s.ends_at),
		group_concat(length(CAST(s.code AS BLOB))), group_concat(s.code, '')
		FROM ` + model.Sessions + ` s INDEXED BY idx_sessions_open_starts
		WHERE s.starts_at >= {:slo} AND s.starts_at < {:send} AND s.ends_at > {:sstart} AND s.` + openSessions
}

// windowCoverageSQL lists the assignments that block a photographer
// (written as the condition of idx_assignments_open_coverage) starting in
// [clo, cend) and ending after cstart: photographer, id, session,
// assignment_status, coverage_start, coverage_end.
func windowCoverageSQL() string {
	return `SELECT group_concat(a.photographer), group_concat(a.id), group_concat(a.session), group_concat(a.assignment_status),
		group_concat(a.coverage_start), group_concat(a.coverage_end)
		FROM ` + model.SessionPhotographers + ` a INDEXED BY idx_assignments_open_coverage
		WHERE a.` + strings.ReplaceAll(OpenCoverageWhere, " AND ", " AND a.") + `
		AND a.coverage_start >= {:clo} AND a.coverage_start < {:cend} AND a.coverage_end > {:cstart}`
}

// slackOf turns a longest interval in days (NULL for an empty table) into
// a duration rounded up to the second, plus one second for the floating
// point of julianday (as longest does).
func slackOf(days sql.NullFloat64) time.Duration {
	if !days.Valid || days.Float64 <= 0 {
		return time.Second
	}
	return time.Duration(math.Ceil(days.Float64*86400)+1) * time.Second
}

// windowParams binds the window's queries. The coverage overlapping
// window starts no earlier than window.Start minus the longest coverage
// (travel). The sessions are those overlapping window widened on both
// sides by travel, so that they also hold the session of almost every
// such coverage (its code and status); Compute keeps only what overlaps
// window itself.
func windowParams(window Interval, longestSession, travel time.Duration) dbx.Params {
	return dbx.Params{
		"slo": DBTime(window.Start.Add(-travel - longestSession)), "sstart": DBTime(window.Start.Add(-travel)), "send": DBTime(window.End.Add(travel)),
		"clo": DBTime(window.Start.Add(-travel)), "cstart": DBTime(window.Start), "cend": DBTime(window.End),
	}
}

// sessionFacts is what a photographer's booking takes from its session.
type sessionFacts struct{ code, status string }

// windowBookings answers the bookings that may concern window: the room
// bookings of the open sessions, and the assignments that block a
// photographer, each with its session's code and status (see
// windowParams). The rare coverage that lies wholly outside its own
// session, whose session the widened sessions list cannot promise to
// hold, has its session looked up by id.
func windowBookings(app core.App, window Interval) (rooms, photographers []Booking, err error) {
	var longestSession, travel sql.NullFloat64
	if err := runPrepared(app, windowBoundsQuery, nil, func(q *dbx.Query) error { return q.Row(&longestSession, &travel) }); err != nil {
		return nil, nil, fmt.Errorf("longest booking: %w", err)
	}
	params := windowParams(window, slackOf(longestSession), slackOf(travel))
	var s [7]sql.NullString
	if err := runPrepared(app, windowSessionsQuery, params, func(q *dbx.Query) error {
		return q.Row(&s[0], &s[1], &s[2], &s[3], &s[4], &s[5], &s[6])
	}); err != nil {
		return nil, nil, fmt.Errorf("open sessions of the window: %w", err)
	}
	var c [6]sql.NullString
	if err := runPrepared(app, windowCoverageQuery, params, func(q *dbx.Query) error {
		return q.Row(&c[0], &c[1], &c[2], &c[3], &c[4], &c[5])
	}); err != nil {
		return nil, nil, fmt.Errorf("open coverage of the window: %w", err)
	}

	ids, roomIDs, statuses, starts, ends, sizes := newList(s[0]), newList(s[1]), newList(s[2]), newList(s[3]), newList(s[4]), newList(s[5])
	codes := s[6].String
	n := ids.count()
	facts := make(map[string]sessionFacts, n)
	rooms = make([]Booking, 0, n)
	for range n {
		id, room, status, start, end := ids.next(), roomIDs.next(), statuses.next(), starts.next(), ends.next()
		size, err := strconv.Atoi(sizes.next())
		if err != nil || size < 0 || size > len(codes) {
			return nil, nil, fmt.Errorf("open sessions of the window: the code of session %s", id)
		}
		code := codes[:size]
		codes = codes[size:]
		facts[id] = sessionFacts{code: code, status: status}
		if room != "" {
			rooms = append(rooms, Booking{Resource: room, Session: id, Code: code, Status: status, When: Interval{Start: ParseDBTime(start), End: ParseDBTime(end)}})
		}
	}
	if !spent(n, ids, roomIDs, statuses, starts, ends, sizes) || codes != "" {
		return nil, nil, errors.New("open sessions of the window: the lists do not match")
	}

	who, assignment, session, status, starts, ends := newList(c[0]), newList(c[1]), newList(c[2]), newList(c[3]), newList(c[4]), newList(c[5])
	n = assignment.count()
	photographers = make([]Booking, n)
	var outside []string
	for i := range photographers {
		b := &photographers[i]
		b.Resource, b.Assignment, b.Session, b.AssignmentStatus = who.next(), assignment.next(), session.next(), status.next()
		b.When = Interval{Start: ParseDBTime(starts.next()), End: ParseDBTime(ends.next())}
		if _, ok := facts[b.Session]; !ok && !slices.Contains(outside, b.Session) {
			outside = append(outside, b.Session)
		}
	}
	if !spent(n, who, assignment, session, status, starts, ends) {
		return nil, nil, errors.New("open coverage of the window: the lists do not match")
	}
	if err := lookUpSessions(app, outside, facts); err != nil {
		return nil, nil, err
	}
	held := photographers[:0]
	for _, b := range photographers {
		// session_open keeps closed sessions' assignments out of the list;
		// the status check also covers a session looked up by id.
		if f, ok := facts[b.Session]; ok && !domain.IsClosed(f.status) {
			b.Code, b.Status = f.code, f.status
			held = append(held, b)
		}
	}
	return rooms, held, nil
}

// lookUpSessions adds the code and status of the sessions ids to facts.
func lookUpSessions(app core.App, ids []string, facts map[string]sessionFacts) (err error) {
	if len(ids) == 0 {
		return nil
	}
	params := dbx.Params{}
	holders := make([]string, len(ids))
	for i, id := range ids {
		key := fmt.Sprintf("s%d", i)
		params[key] = id
		holders[i] = "{:" + key + "}"
	}
	rows, err := app.DB().NewQuery("SELECT s.id, s.code, s.status FROM " + model.Sessions + " s INDEXED BY idx_sessions_id_status WHERE s.id IN (" +
		strings.Join(holders, ", ") + ")").Bind(params).Rows()
	if err != nil {
		return fmt.Errorf("sessions of coverage: %w", err)
	}
	defer func() { err = errors.Join(err, rows.Close()) }()
	for rows.Next() {
		var id string
		var f sessionFacts
		if err := rows.Scan(&id, &f.code, &f.status); err != nil {
			return fmt.Errorf("sessions of coverage: %w", err)
		}
		facts[id] = f
	}
	return rows.Err()
}

// list walks one group_concat list (NULL, read as "", when it has no
// entries; an entry may be empty).
type list struct {
	s         string
	done, bad bool
}

func newList(s sql.NullString) *list { return &list{s: s.String} }

// count answers the number of entries of a list of non-empty entries.
func (l *list) count() int {
	if l.s == "" {
		return 0
	}
	return strings.Count(l.s, string(listSep)) + 1
}

// next answers the next entry (and marks the list bad when it had none).
func (l *list) next() string {
	if l.done {
		l.bad = true
		return ""
	}
	j := strings.IndexByte(l.s, listSep)
	if j < 0 {
		f := l.s
		l.s, l.done = "", true
		return f
	}
	f := l.s[:j]
	l.s = l.s[j+1:]
	return f
}

// spent reports whether each list held exactly the n entries read.
func spent(n int, lists ...*list) bool {
	for _, l := range lists {
		if n == 0 && (l.s != "" || l.done) || n > 0 && (!l.done || l.bad) {
			return false
		}
	}
	return true
}
