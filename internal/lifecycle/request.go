package lifecycle

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/money"
)

// Request is the body of POST /api/studio/sessions/{id}/transitions: the
// target status and the transition's input.
type Request struct {
	To string `json:"to"`
	Input
}

// DecodeRequest reads a transitions body. A body that is not a JSON object
// is refused on "to"; a value of the wrong type is refused on its field,
// named by its JSON path (deposit.amount, reason, ...); a missing target
// status is refused on "to". The deposit amount is read exactly, as a JSON
// number or string (money.Text), and checked when the deposit is used.
func DecodeRequest(body []byte) (Request, error) {
	var req Request
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return Request{}, domain.Invalid("to", "The body must be a JSON object: {\"to\": \"<status>\", ...}.")
	}
	if err := json.Unmarshal(trimmed, &req); err != nil {
		return Request{}, decodeError(err)
	}
	if req.To == "" {
		return Request{}, domain.Invalid("to", "Give the target status in \"to\".")
	}
	return req, nil
}

// decodeError names the field a JSON decoding error is about.
func decodeError(err error) error {
	if errors.Is(err, money.ErrNotAmountText) {
		return domain.Invalid("deposit.amount", "The deposit amount must be a number or a decimal string, e.g. 975 or \"975.50\".")
	}
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) && typeErr.Field != "" {
		field := typeErr.Field
		if i := strings.Index(field, "Input."); i == 0 {
			field = field[len("Input."):]
		}
		return domain.Invalid(field, "%s has the wrong type (%s).", field, typeErr.Value)
	}
	return domain.Invalid("to", "The body must be JSON: {\"to\": \"<status>\", ...}.")
}
