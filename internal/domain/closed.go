package domain

// ClosedSessionError refuses a change of a payment or an assignment of a
// session in status Completed or Canceled (IMMUTABLE_SESSION on session).
func ClosedSessionError(status string) *Error {
	return Errorf(CodeImmutableSession, "The session is %s; its payments and assignments no longer change.", status).
		With("status", status)
}
