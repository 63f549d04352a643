package hooks

import (
	"encoding/json/v2"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"
	"github.com/shopspring/decimal"

	"github.com/studio/studio/internal/domain"
)

// The request decoders of the studio routes: each turns what the caller
// sent into a checked request or a 400 VALIDATION_ERROR naming the field,
// before any record is read. They take bytes or query values, so the fuzz
// targets (api_requests_fuzz_test.go) run them without a server.

// readJSON reads the request body as one JSON object (an empty body reads
// as {}), with names matched case-insensitively as PocketBase's BindBody
// does; a body that is not one JSON object of dst's shape, or has trailing
// data, answers 400 on field.
func readJSON(raw []byte, dst any, field, shape string) error {
	if len(strings.TrimSpace(string(raw))) == 0 {
		return nil
	}
	if err := json.Unmarshal(raw, dst, json.MatchCaseInsensitiveNames(true)); err != nil {
		return domain.Invalid(field, "The body must be JSON: %s.", shape)
	}
	return nil
}

// requestBody reads the whole body of a studio route (PocketBase's body
// limit applies) and rewinds it, as BindBody does, for PocketBase's own
// later reads (the request info of the record enrichment).
func requestBody(e *core.RequestEvent) ([]byte, error) {
	if e.Request.Body == nil {
		return nil, nil
	}
	raw, err := io.ReadAll(e.Request.Body)
	if err != nil {
		return nil, domain.Invalid("body", "The body could not be read.")
	}
	if body, ok := e.Request.Body.(router.Rereader); ok {
		body.Reread()
	}
	return raw, nil
}

// maxLineQuantity bounds one line's quantity (the schema's maximum).
var maxLineQuantity = decimal.NewFromInt(100000)

// decodeLineRequest reads POST /api/studio/sessions/{id}/lines: exactly
// one of item or package, and a quantity (default 1) above 0, at most
// 100000, with at most two decimals, as a JSON number or string.
func decodeLineRequest(raw []byte) (lineBody, error) {
	var body lineBody
	if err := readJSON(raw, &body, "quantity", `{"item" or "package": id, "quantity": n}`); err != nil {
		return body, err
	}
	if (body.Item == "") == (body.Package == "") {
		return body, domain.Invalid("item", "Give exactly one of item or package.")
	}
	if body.Quantity == nil {
		one := decimal.NewFromInt(1)
		body.Quantity = &one
	}
	if !body.Quantity.IsPositive() || body.Quantity.GreaterThan(maxLineQuantity) || !body.Quantity.Equal(body.Quantity.Round(2)) {
		return body, domain.Invalid("quantity", "The quantity must be greater than 0, at most 100000, with at most two decimals.")
	}
	return body, nil
}

// reassignRequest is a checked reassignment: omitted coverage or is_lead
// keep the old assignment's.
type reassignRequest struct {
	Photographer  string
	CoverageStart *time.Time
	CoverageEnd   *time.Time
	IsLead        *bool
}

// decodeReassignRequest reads POST
// /api/studio/sessions/{id}/photographers/{assignment}/reassign: a
// photographer, and optional coverage times (RFC 3339), end after start
// when both are given.
func decodeReassignRequest(raw []byte) (reassignRequest, error) {
	var body reassignBody
	if err := readJSON(raw, &body, "body", `{"photographer": id, "coverage_start", "coverage_end", "is_lead"}`); err != nil {
		return reassignRequest{}, err
	}
	req := reassignRequest{Photographer: strings.TrimSpace(body.Photographer), IsLead: body.IsLead}
	if req.Photographer == "" {
		return req, domain.Invalid("photographer", "photographer is required.")
	}
	for _, c := range []struct {
		field, value string
		dst          **time.Time
	}{{"coverage_start", body.CoverageStart, &req.CoverageStart}, {"coverage_end", body.CoverageEnd, &req.CoverageEnd}} {
		if c.value == "" {
			continue
		}
		t, err := parseTime(c.field, c.value)
		if err != nil {
			return req, err
		}
		*c.dst = &t
	}
	if req.CoverageStart != nil && req.CoverageEnd != nil && !req.CoverageEnd.After(*req.CoverageStart) {
		return req, domain.Invalid("coverage_end", "coverage_end must be after coverage_start.")
	}
	return req, nil
}

// decodeEditingDaysRequest reads POST /api/studio/sessions/{id}/editing-days:
// estimated_editing_days from 1 to 365 and an observation of 1 to 2000
// bytes that says something.
func decodeEditingDaysRequest(raw []byte) (editingDaysBody, error) {
	var body editingDaysBody
	if err := readJSON(raw, &body, "body", `{"estimated_editing_days": n, "observation": text}`); err != nil {
		return body, err
	}
	if body.Days < 1 || body.Days > 365 {
		return body, domain.Invalid("estimated_editing_days", "estimated_editing_days must be between 1 and 365.")
	}
	if domain.Blank(body.Observation) || len(body.Observation) > 2000 {
		return body, domain.Invalid("observation", "An observation (up to 2000 characters) is required.")
	}
	return body, nil
}

// availabilityQuery is a checked GET /api/studio/availability.
type availabilityQuery struct {
	Start, End time.Time
	// Session is the session whose own bookings do not count ("" for none).
	Session string
}

// decodeAvailabilityQuery reads starts_at and ends_at (RFC 3339, end after
// start, at most 92 days apart) and the optional session.
func decodeAvailabilityQuery(q url.Values) (availabilityQuery, error) {
	start, err := parseTime("starts_at", q.Get("starts_at"))
	if err != nil {
		return availabilityQuery{}, err
	}
	end, err := parseTime("ends_at", q.Get("ends_at"))
	if err != nil {
		return availabilityQuery{}, err
	}
	if !end.After(start) {
		return availabilityQuery{}, domain.Invalid("ends_at", "ends_at must be after starts_at.")
	}
	if end.Sub(start) > maxAvailabilityWindow {
		return availabilityQuery{}, domain.Invalid("ends_at", "A window spans at most 92 days.")
	}
	return availabilityQuery{Start: start, End: end, Session: q.Get("session")}, nil
}

// decodeFeedFile reads the {token}.ics of a calendar feed URL: the token,
// or false when the name is not a token followed by .ics.
func decodeFeedFile(file string) (string, bool) {
	token, ok := strings.CutSuffix(file, ".ics")
	if !ok || token == "" {
		return "", false
	}
	return token, true
}
