package schedule

// ShiftCoverage moves an assignment's coverage with its session when the
// session's times change: the coverage start keeps its distance to the
// session start and the coverage end its distance to the session end, so
// travel before and return after are kept. If that leaves an empty interval
// (a partial coverage of a session that shrank), the coverage becomes the
// new session interval.
func ShiftCoverage(oldSession, newSession, coverage Interval) Interval {
	out := Interval{
		Start: coverage.Start.Add(newSession.Start.Sub(oldSession.Start)),
		End:   coverage.End.Add(newSession.End.Sub(oldSession.End)),
	}
	if !out.Valid() {
		return newSession
	}
	return out
}
