package domain

import (
	"fmt"
	"net/http"
)

// Error codes of docs/rules.md §10.
const (
	CodeSessionNotFound          = "SESSION_NOT_FOUND"
	CodeInvalidStateTransition   = "INVALID_STATE_TRANSITION"
	CodePaymentDeadlineExpired   = "PAYMENT_DEADLINE_EXPIRED"
	CodeChangesDeadlineExpired   = "CHANGES_DEADLINE_EXPIRED"
	CodeInsufficientPayment      = "INSUFFICIENT_PAYMENT"
	CodeRoomNotAvailable         = "ROOM_NOT_AVAILABLE"
	CodePhotographerNotAvailable = "PHOTOGRAPHER_NOT_AVAILABLE"
	CodeEditorAtCapacity         = "EDITOR_AT_CAPACITY"
	CodeInvalidSessionDate       = "INVALID_SESSION_DATE"
	CodeMissingResources         = "MISSING_RESOURCES"
	CodePaymentExceedsTotal      = "PAYMENT_EXCEEDS_TOTAL"
	CodeBalanceDue               = "BALANCE_DUE"
	CodeImmutableSession         = "IMMUTABLE_SESSION"
	CodeForbidden                = "FORBIDDEN"
	// CodeValidation is the studio's code for a malformed or inconsistent
	// input that no business code of docs/rules.md §10 names (400).
	CodeValidation = "VALIDATION_ERROR"
)

var httpStatus = map[string]int{
	CodeSessionNotFound:          http.StatusNotFound,
	CodeInvalidStateTransition:   http.StatusConflict,
	CodePaymentDeadlineExpired:   http.StatusUnprocessableEntity,
	CodeChangesDeadlineExpired:   http.StatusUnprocessableEntity,
	CodeInsufficientPayment:      http.StatusUnprocessableEntity,
	CodeRoomNotAvailable:         http.StatusConflict,
	CodePhotographerNotAvailable: http.StatusConflict,
	CodeEditorAtCapacity:         http.StatusConflict,
	CodeInvalidSessionDate:       http.StatusUnprocessableEntity,
	CodeMissingResources:         http.StatusUnprocessableEntity,
	CodePaymentExceedsTotal:      http.StatusUnprocessableEntity,
	CodeBalanceDue:               http.StatusUnprocessableEntity,
	CodeImmutableSession:         http.StatusUnprocessableEntity,
	CodeForbidden:                http.StatusForbidden,
	CodeValidation:               http.StatusBadRequest,
}

// Error is a rejected business action. It satisfies PocketBase's
// SafeErrorItem and SafeErrorParamsResolver, so placed in an ApiError's data
// under Field it serialises as {"code","message","params"}.
type Error struct {
	// ErrCode is one of the Code* constants.
	ErrCode string
	// Msg is the English, human readable explanation.
	Msg string
	// Field is the request field the error belongs to ("session" when none fits).
	Field string
	// Details carries machine-readable context (conflicts, amounts, deadlines).
	Details map[string]any
}

// Errorf builds an Error for the "session" field.
func Errorf(code, format string, args ...any) *Error {
	return &Error{ErrCode: code, Msg: fmt.Sprintf(format, args...), Field: "session"}
}

// Forbidden builds the FORBIDDEN error naming the missing permission.
func Forbidden(permission string) *Error {
	e := Errorf(CodeForbidden, "You do not have the %s permission for this action.", permission)
	e.Details = map[string]any{"permission": permission}
	return e
}

// Invalid builds a VALIDATION_ERROR for one field.
func Invalid(field, format string, args ...any) *Error {
	return &Error{ErrCode: CodeValidation, Msg: fmt.Sprintf(format, args...), Field: field}
}

// On returns the error placed on another field.
func (e *Error) On(field string) *Error {
	c := *e
	c.Field = field
	return &c
}

// With returns the error with one more detail.
func (e *Error) With(key string, value any) *Error {
	c := *e
	c.Details = make(map[string]any, len(e.Details)+1)
	for k, v := range e.Details {
		c.Details[k] = v
	}
	c.Details[key] = value
	return &c
}

// Code implements PocketBase's SafeErrorItem.
func (e *Error) Code() string { return e.ErrCode }

// Error implements error.
func (e *Error) Error() string { return e.Msg }

// Params implements PocketBase's SafeErrorParamsResolver.
func (e *Error) Params() map[string]any {
	if e.Details == nil {
		return map[string]any{}
	}
	return e.Details
}

// HTTPStatus is the status of docs/rules.md §10 for the error's code.
func (e *Error) HTTPStatus() int {
	if s, ok := httpStatus[e.ErrCode]; ok {
		return s
	}
	return http.StatusBadRequest
}

// Resolve implements PocketBase's SafeErrorResolver so that "params" is
// always present, even when empty.
func (e *Error) Resolve(data map[string]any) any {
	data["params"] = e.Params()
	return data
}
