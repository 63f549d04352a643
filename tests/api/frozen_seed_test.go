package api_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/rbac"
	"github.com/studio/studio/internal/schedule"
	"github.com/studio/studio/internal/settings"
	ta "github.com/studio/studio/internal/testapp"
)

// TestSeedMatchesSource: a freshly migrated database holds what the live
// sources say, beside the rules of TestRulesMatchSource: the role matrix,
// the settings defaults, the select values and the open-coverage index.
// The migrations keep their own frozen copies of these values; when a live
// source changes, this test fails until a new migration carries the
// change.
func TestSeedMatchesSource(t *testing.T) {
	t.Parallel()
	app := ta.New(t)

	for _, name := range rbac.RoleNames {
		r, err := app.FindFirstRecordByData("roles", "name", name)
		if err != nil {
			t.Fatalf("role %s: %v", name, err)
		}
		if got, want := r.GetStringSlice("permissions"), rbac.DefaultRoles[name]; !slices.Equal(got, want) {
			t.Errorf("role %s permissions drifted:\n db:     %v\n source: %v", name, got, want)
		}
		if got, want := r.GetString("description"), rbac.RoleDescriptions[name]; got != want {
			t.Errorf("role %s description drifted: db %q, source %q", name, got, want)
		}
	}
	if n, _ := app.CountRecords("roles"); int(n) != len(rbac.RoleNames) {
		t.Errorf("%d seeded roles, source names %d", n, len(rbac.RoleNames))
	}

	st, err := settings.Load(app)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := describeSettings(st), describeSettings(settings.Defaults()); got != want {
		t.Errorf("seeded settings drifted:\n db:     %s\n source: %s", got, want)
	}

	selects := []struct {
		collection, field string
		want              []string
	}{
		{"roles", "permissions", rbac.All},
		{"users", "permissions", rbac.All},
		{"sessions", "status", domain.SessionStatuses},
		{"session_status_history", "new_status", domain.SessionStatuses},
		{"sessions", "cancellation_initiator", domain.CancellationInitiators},
		{"items", "item_type", domain.ItemTypes},
		{"items", "unit_measure", domain.UnitMeasures},
		{"session_payments", "method", domain.PaymentMethods},
		{"studio_settings", "language", settings.Languages},
	}
	for _, s := range selects {
		c, err := app.FindCollectionByNameOrId(s.collection)
		if err != nil {
			t.Fatal(err)
		}
		f, ok := c.Fields.GetByName(s.field).(*core.SelectField)
		if !ok {
			t.Fatalf("%s.%s is not a select field", s.collection, s.field)
		}
		if !slices.Equal(f.Values, s.want) {
			t.Errorf("%s.%s values drifted:\n db:     %v\n source: %v", s.collection, s.field, f.Values, s.want)
		}
	}

	c, err := app.FindCollectionByNameOrId("session_photographers")
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(c.Indexes, func(ix string) bool { return strings.Contains(ix, "idx_assignments_open_coverage") })
	if i < 0 || !strings.HasSuffix(c.Indexes[i], "WHERE "+schedule.OpenCoverageWhere) {
		t.Errorf("the open-coverage index no longer ends with the queries' condition %q: %v", schedule.OpenCoverageWhere, c.Indexes)
	}
}

// describeSettings renders every setting, decimals by value, so that two
// Settings compare by what they mean.
func describeSettings(s settings.Settings) string {
	return strings.Join([]string{
		s.StudioName, strconv.Itoa(s.PaymentDeadlineDays), strconv.Itoa(s.ChangesDeadlineDays), strconv.Itoa(s.DefaultEditingDays),
		s.DefaultDepositPercentage.String(), s.RefundWithinDeadline.String(), s.RefundAfterDeadline.String(),
		s.RefundForceMajeure.String(), s.RefundClientAfterAssigned.String(), s.RemoteTransportationCost.StringFixed(2),
		strconv.Itoa(s.MaxConcurrentEditingSessions), strconv.FormatBool(s.RequireFullPaymentToComplete), s.Timezone, s.Currency, s.Language,
	}, " | ")
}
