package money

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/shopspring/decimal"
)

// Text is an amount as a request gives it: a JSON number (975, 975.5) or a
// JSON string ("975.50"), kept as its literal text so that no float ever
// rounds it. Parse it with Decimal.
type Text string

// ErrNotAmountText is wrapped by Text's JSON decoding when the value is
// neither a JSON number nor a JSON string.
var ErrNotAmountText = errors.New("an amount must be a JSON number or string")

// UnmarshalJSON keeps the literal of a JSON number, or the content of a
// JSON string; null leaves the text empty.
func (t *Text) UnmarshalJSON(raw []byte) error {
	raw = bytes.TrimSpace(raw)
	switch {
	case bytes.Equal(raw, []byte("null")):
		*t = ""
		return nil
	case len(raw) > 0 && raw[0] == '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return fmt.Errorf("%w: %v", ErrNotAmountText, err)
		}
		*t = Text(s)
		return nil
	case len(raw) > 0 && (raw[0] == '-' || (raw[0] >= '0' && raw[0] <= '9')):
		var n json.Number
		if err := json.Unmarshal(raw, &n); err != nil {
			return fmt.Errorf("%w: %v", ErrNotAmountText, err)
		}
		*t = Text(n.String())
		return nil
	}
	return fmt.Errorf("%w, not %.20s", ErrNotAmountText, raw)
}

// Decimal parses the text exactly (Parse): at most two decimals, not
// negative.
func (t Text) Decimal() (decimal.Decimal, error) { return Parse(string(t)) }
