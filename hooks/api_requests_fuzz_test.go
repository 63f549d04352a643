package hooks

import (
	"errors"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/studio/studio/internal/domain"
)

// refusedOn fails unless err is a VALIDATION_ERROR on one of fields: a bad
// request never answers anything but a clear 400 naming what is wrong.
func refusedOn(t *testing.T, err error, fields ...string) {
	t.Helper()
	var de *domain.Error
	if !errors.As(err, &de) || de.ErrCode != domain.CodeValidation || !slices.Contains(fields, de.Field) {
		t.Fatalf("want VALIDATION_ERROR on one of %v, got %#v", fields, err)
	}
}

// FuzzDecodeLineRequest: whatever the body, the line decoder refuses with
// a 400 on item or quantity, or answers exactly one of item and package and
// a quantity in (0, 100000] in whole hundredths.
func FuzzDecodeLineRequest(f *testing.F) {
	for _, seed := range []string{
		`{"item":"abc","quantity":3}`, `{"package":"p1"}`, `{"item":"a","package":"b"}`,
		`{"item":"a","quantity":"2.25"}`, `{"item":"a","quantity":0.001}`, `{"item":"a","quantity":1e6}`,
		`{"ITEM":"a","Quantity":-1}`, `{"item":"a"}{"x":1}`, ``, `[]`, `{"item":"a","quantity":"1e-2"}`,
		`{"item":"a","quantity":100000.00}`, `{"item":"a","quantity":null}`, `{"item":5}`,
	} {
		f.Add([]byte(seed))
	}
	hundred := decimal.NewFromInt(100)
	f.Fuzz(func(t *testing.T, raw []byte) {
		body, err := decodeLineRequest(raw)
		if err != nil {
			refusedOn(t, err, "item", "quantity")
			return
		}
		if (body.Item == "") == (body.Package == "") {
			t.Fatalf("accepted without exactly one of item and package: %+v", body)
		}
		q := body.Quantity
		if q == nil || q.Sign() <= 0 || q.GreaterThan(decimal.NewFromInt(100000)) || !q.Mul(hundred).IsInteger() {
			t.Fatalf("accepted quantity %v", q)
		}
	})
}

// FuzzDecodeReassignRequest: refused with a 400 on a named field, or a
// photographer (not blank) and, when both coverage times are given, an end
// after the start.
func FuzzDecodeReassignRequest(f *testing.F) {
	for _, seed := range []string{
		`{"photographer":"u1"}`, `{"photographer":"  "}`, `{}`, ``,
		`{"photographer":"u1","coverage_start":"2026-05-01T10:00:00Z","coverage_end":"2026-05-01T12:00:00Z","is_lead":true}`,
		`{"photographer":"u1","coverage_start":"2026-05-01T10:00:00Z","coverage_end":"2026-05-01T09:00:00Z"}`,
		`{"photographer":"u1","coverage_start":"yesterday"}`, `{"photographer":"u1","coverage_end":"2026-05-01 12:00:00.000Z"}`,
		`{"photographer":["u1"]}`, `{"photographer":"u1","is_lead":"yes"}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		req, err := decodeReassignRequest(raw)
		if err != nil {
			refusedOn(t, err, "body", "photographer", "coverage_start", "coverage_end")
			return
		}
		if strings.TrimSpace(req.Photographer) == "" || req.Photographer != strings.TrimSpace(req.Photographer) {
			t.Fatalf("accepted photographer %q", req.Photographer)
		}
		if req.CoverageStart != nil && req.CoverageEnd != nil && !req.CoverageEnd.After(*req.CoverageStart) {
			t.Fatalf("accepted coverage %v – %v", req.CoverageStart, req.CoverageEnd)
		}
	})
}

// FuzzDecodeEditingDaysRequest: refused with a 400 on a named field, or
// 1 to 365 days and an observation that is not blank and at most 2000
// bytes.
func FuzzDecodeEditingDaysRequest(f *testing.F) {
	for _, seed := range []string{
		`{"estimated_editing_days":7,"observation":"more retouching"}`, `{"estimated_editing_days":0,"observation":"x"}`,
		`{"estimated_editing_days":366,"observation":"x"}`, `{"estimated_editing_days":7,"observation":"   "}`,
		`{"estimated_editing_days":7.5,"observation":"x"}`, `{"estimated_editing_days":"7","observation":"x"}`,
		`{"estimated_editing_days":7}`, ``, `null`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		body, err := decodeEditingDaysRequest(raw)
		if err != nil {
			refusedOn(t, err, "body", "estimated_editing_days", "observation")
			return
		}
		if body.Days < 1 || body.Days > 365 || strings.TrimSpace(body.Observation) == "" || len(body.Observation) > 2000 {
			t.Fatalf("accepted %+v", body)
		}
	})
}

// FuzzDecodeAvailabilityQuery: refused with a 400 on starts_at or ends_at,
// or a window in UTC whose end is after its start, at most 92 days later.
func FuzzDecodeAvailabilityQuery(f *testing.F) {
	for _, seed := range []string{
		"starts_at=2026-05-01T10:00:00Z&ends_at=2026-05-01T12:00:00Z",
		"starts_at=2026-05-01T10:00:00-06:00&ends_at=2026-05-01T12:00:00Z&session=abc",
		"starts_at=2026-05-01T10:00:00Z&ends_at=2026-05-01T10:00:00Z",
		"starts_at=2026-01-01T00:00:00Z&ends_at=2026-12-31T00:00:00Z",
		"starts_at=2026-05-01+10:00:00.000Z&ends_at=2026-05-02+10:00:00.000Z",
		"starts_at=%zz&ends_at=", "ends_at=2026-05-01T12:00:00Z", "",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, rawQuery string) {
		values, _ := url.ParseQuery(rawQuery)
		q, err := decodeAvailabilityQuery(values)
		if err != nil {
			refusedOn(t, err, "starts_at", "ends_at")
			return
		}
		if q.Start.Location() != time.UTC || q.End.Location() != time.UTC || !q.End.After(q.Start) || q.End.Sub(q.Start) > 92*24*time.Hour {
			t.Fatalf("accepted window %v – %v", q.Start, q.End)
		}
	})
}

// FuzzDecodeFeedFile: a feed file name is accepted only as a token
// followed by .ics, and the token is exactly what precedes it.
func FuzzDecodeFeedFile(f *testing.F) {
	for _, seed := range []string{"abc123.ics", ".ics", "abc", "abc.ics.ics", "a.ICS", ""} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, file string) {
		token, ok := decodeFeedFile(file)
		if !ok {
			if token != "" {
				t.Fatalf("refused %q but answered token %q", file, token)
			}
			return
		}
		if token == "" || token+".ics" != file {
			t.Fatalf("file %q read as token %q", file, token)
		}
	})
}
