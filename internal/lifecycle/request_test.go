package lifecycle

import (
	"errors"
	"strings"
	"testing"

	"github.com/studio/studio/internal/domain"
)

// TestDecodeRequest: numbers and strings alike for the deposit amount,
// read exactly; each bad body refused on the field it is about.
func TestDecodeRequest(t *testing.T) {
	ok := []struct{ body, amount string }{
		{`{"to":"Confirmed","deposit":{"amount":975,"document_number":"D-1"}}`, "975.00"},
		{`{"to":"Confirmed","deposit":{"amount":"975.5"}}`, "975.50"},
		{`{"to":"Confirmed","deposit":{"amount":0.3}}`, "0.30"},
		{`{"to":"Confirmed","deposit":{"amount":12345678901234.56}}`, "12345678901234.56"},
	}
	for _, c := range ok {
		req, err := DecodeRequest([]byte(c.body))
		if err != nil {
			t.Fatalf("%s: %v", c.body, err)
		}
		d, err := req.Deposit.Amount.Decimal()
		if err != nil || d.StringFixed(2) != c.amount {
			t.Errorf("%s: amount %v %v, want %s", c.body, d, err, c.amount)
		}
	}
	bad := []struct{ body, field string }{
		{``, "to"},
		{`[]`, "to"},
		{`{"to":""}`, "to"},
		{`{"to":"Confirmed"`, "to"},
		{`{"to":5}`, "to"},
		{`{"to":"Canceled","reason":["x"]}`, "reason"},
		{`{"to":"Confirmed","deposit":{"amount":true}}`, "deposit.amount"},
		{`{"to":"Confirmed","deposit":{"amount":{"v":1}}}`, "deposit.amount"},
		{`{"to":"Confirmed","deposit":{"document_number":7}}`, "deposit.document_number"},
		{`{"to":"Confirmed","deposit":"975"}`, "deposit"},
	}
	for _, c := range bad {
		_, err := DecodeRequest([]byte(c.body))
		var de *domain.Error
		if !errors.As(err, &de) || de.ErrCode != domain.CodeValidation || de.Field != c.field {
			t.Errorf("%q: %v, want VALIDATION_ERROR on %s", c.body, err, c.field)
		}
	}
}

// FuzzDecodeRequest: whatever the body, the decoder answers a request with
// a target or a validation error on a named field, and never panics; an
// amount it accepts reads back as the same decimal.
func FuzzDecodeRequest(f *testing.F) {
	for _, seed := range []string{
		`{"to":"Negotiation"}`,
		`{"to":"Confirmed","deposit":{"amount":975,"document_number":"DEP-1","method":"Cash","payment_date":"2026-06-01"}}`,
		`{"to":"Confirmed","deposit":{"amount":"975.50"}}`,
		`{"to":"Canceled","reason":"Client moved","initiator":"client"}`,
		`{"to":"In Editing","editor":"abc123"}`,
		`{"to":"Confirmed","deposit":{"amount":1e400}}`,
		`{"to":"Confirmed","deposit":{"amount":-0.0}}`,
		`{"to":"Confirmed","deposit":null}`,
		`{"to":1}`,
		`nul`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		req, err := DecodeRequest(body)
		if err != nil {
			var de *domain.Error
			if !errors.As(err, &de) || de.ErrCode != domain.CodeValidation || de.Field == "" {
				t.Fatalf("%q: %v is not a validation error on a field", body, err)
			}
			return
		}
		if req.To == "" {
			t.Fatalf("%q: accepted without a target", body)
		}
		if req.Deposit == nil {
			return
		}
		d, err := req.Deposit.Amount.Decimal()
		if err != nil {
			return
		}
		text := d.StringFixed(2)
		again, err := DecodeRequest([]byte(`{"to":"x","deposit":{"amount":` + text + `}}`))
		if err != nil {
			t.Fatalf("%q: amount %s does not read back as a number: %v", body, text, err)
		}
		if back, _ := again.Deposit.Amount.Decimal(); !back.Equal(d) || strings.Count(text, ".") != 1 {
			t.Fatalf("%q: amount %s read back as %s", body, text, back)
		}
	})
}
