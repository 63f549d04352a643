package api_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	ta "github.com/studio/studio/internal/testapp"
)

// TestBadInputIsRefusedAndWritesNothing sends malformed records to every
// writable collection as a superuser (so no rule is in the way) and checks
// the 400 answer names the offending field with its code, and that no
// record was written.
func TestBadInputIsRefusedAndWritesNothing(t *testing.T) {
	t.Parallel()
	start := time.Now().UTC().Add(10 * 24 * time.Hour)
	cases := []struct {
		name, collection, body string
		fieldCodes             map[string]string
	}{
		{"client missing required", "clients", `{"email":"a@b.co"}`,
			map[string]string{"full_name": "validation_required", "primary_phone": "validation_required"}},
		{"client bad email", "clients", `{"full_name":"A","email":"not-an-email","primary_phone":"1"}`,
			map[string]string{"email": "validation_is_email"}},
		{"client unknown type", "clients", `{"full_name":"A","email":"a@b.co","primary_phone":"1","client_type":"Alien"}`,
			map[string]string{"client_type": "validation_invalid_value"}},
		{"item negative price", "items", `{"code":"X1","name":"X","item_type":"Album","unit_price":-5}`,
			map[string]string{"unit_price": "validation_min_number_constraint"}},
		{"item fraction of a cent", "items", `{"code":"X1","name":"X","item_type":"Album","unit_price":10.005}`,
			map[string]string{"unit_price": "validation_money_cents"}},
		{"item unknown type", "items", `{"code":"X1","name":"X","item_type":"Hologram","unit_price":5}`,
			map[string]string{"item_type": "validation_invalid_value"}},
		{"package zero editing days allowed as default, negative not", "packages", `{"code":"P1","name":"P","session_type":"Studio","base_price":-1,"estimated_editing_days":-2}`,
			map[string]string{"base_price": "validation_min_number_constraint", "estimated_editing_days": "validation_min_number_constraint"}},
		{"package unknown session type", "packages", `{"code":"P1","name":"P","session_type":"Underwater","base_price":1}`,
			map[string]string{"session_type": "validation_invalid_value"}},
		{"room unknown status", "rooms", `{"code":"R1","name":"R","status":"Flooded"}`,
			map[string]string{"status": "validation_invalid_value"}},
		{"room capacity below one", "rooms", `{"code":"R1","name":"R","capacity":-3}`,
			map[string]string{"capacity": "validation_min_number_constraint"}},
		{"session ends before it starts", "sessions", `{"client":"CLIENT","session_type":"Studio","starts_at":"` + start.Format(time.RFC3339) + `","ends_at":"` + start.Add(-time.Hour).Format(time.RFC3339) + `"}`,
			map[string]string{"ends_at": "validation_ends_before_start"}},
		{"session external without location", "sessions", `{"client":"CLIENT","session_type":"External","starts_at":"` + start.Format(time.RFC3339) + `","ends_at":"` + start.Add(time.Hour).Format(time.RFC3339) + `"}`,
			map[string]string{"location": "validation_required"}},
		{"session missing everything", "sessions", `{}`,
			map[string]string{"client": "validation_required", "session_type": "validation_required", "starts_at": "validation_required", "ends_at": "validation_required"}},
		{"session unknown type", "sessions", `{"client":"CLIENT","session_type":"Cruise","starts_at":"` + start.Format(time.RFC3339) + `","ends_at":"` + start.Add(time.Hour).Format(time.RFC3339) + `"}`,
			map[string]string{"session_type": "validation_invalid_value"}},
		{"payment missing document, zero amount", "session_payments", `{"payment_type":"Deposit","amount":0,"method":"Cash"}`,
			map[string]string{"document_number": "validation_required", "amount": "validation_required", "session": "validation_required"}},
		{"payment unknown method", "session_payments", `{"payment_type":"Deposit","amount":10,"method":"Seashells","document_number":"D1"}`,
			map[string]string{"method": "validation_invalid_value"}},
		{"assignment coverage inverted", "session_photographers", `{"session":"SESSION","photographer":"PHOTOGRAPHER","coverage_start":"` + start.Format(time.RFC3339) + `","coverage_end":"` + start.Add(-time.Hour).Format(time.RFC3339) + `"}`,
			map[string]string{"coverage_end": "validation_ends_before_start"}},
		{"settings bad time zone", "studio_settings", `{"studio_name":"S","payment_deadline_days":5,"default_editing_days":5,"max_concurrent_editing_sessions":3,"timezone":"Mars/Olympus","currency":"GTQ","language":"es"}`,
			map[string]string{"timezone": "validation_invalid_timezone"}},
		{"settings unknown language", "studio_settings", `{"studio_name":"S","payment_deadline_days":5,"default_editing_days":5,"max_concurrent_editing_sessions":3,"timezone":"UTC","currency":"GTQ","language":"klingon"}`,
			map[string]string{"language": "validation_invalid_value"}},
	}

	token := ta.SuperuserToken(t)
	for _, c := range cases {
		var before int64
		var ids map[string]string
		expected := []string{`"status":400`}
		for f, code := range c.fieldCodes {
			expected = append(expected, `"`+f+`":{"code":"`+code+`"`)
		}
		scenario := tests.ApiScenario{
			Name:            c.name,
			Method:          http.MethodPost,
			URL:             "/api/collections/" + c.collection + "/records",
			Headers:         map[string]string{"Authorization": token},
			ExpectedStatus:  http.StatusBadRequest,
			ExpectedContent: expected,
			TestAppFactory:  ta.Factory,
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
				staff := ta.NewStaff(t, app)
				client := ta.Client(t, app, nil)
				session := ta.Session(t, app, client, nil)
				ids = map[string]string{"CLIENT": client.Id, "SESSION": session.Id, "PHOTOGRAPHER": staff.Photographer.Id}
				before, _ = app.CountRecords(c.collection)
			},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				if after, _ := app.CountRecords(c.collection); after != before {
					t.Fatalf("%s: a refused create wrote a record (%d → %d)", c.name, before, after)
				}
			},
		}
		scenario.Body = bodyWith(c.body, func() map[string]string { return ids })
		scenario.Test(t)
	}
}

// lazyBody is a request body whose placeholders (CLIENT, SESSION, …) are
// replaced by ids when the request is sent, after BeforeTestFunc made them.
type lazyBody struct {
	template string
	ids      func() map[string]string
	r        *strings.Reader
}

func bodyWith(template string, ids func() map[string]string) *lazyBody {
	return &lazyBody{template: template, ids: ids}
}

func (b *lazyBody) Read(p []byte) (int, error) {
	if b.r == nil {
		s := b.template
		for k, v := range b.ids() {
			s = strings.ReplaceAll(s, `"`+k+`"`, `"`+v+`"`)
		}
		b.r = strings.NewReader(s)
	}
	return b.r.Read(p)
}
