package lifecycle_test

import (
	"slices"
	"testing"

	"github.com/studio/studio/internal/domain"
	ta "github.com/studio/studio/internal/testapp"
)

// TestStaleCopyKeepsDerivedFields: a copy of a session loaded before an
// assignment and a line were added (a request racing the ones that added
// them) is edited and saved afterwards. The session must still name the
// assigned photographer and total the line: the save may not write back
// the derived fields it was loaded with.
func TestStaleCopyKeepsDerivedFields(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	s := ta.Session(t, f.app, f.client, map[string]any{"status": domain.StatusNegotiation})
	stale := f.session(t, s.Id)

	ta.Assign(t, f.app, s, f.staff.Photographer, nil)
	ta.Line(t, f.app, s, map[string]any{"unit_price": 80, "line_subtotal": 80})
	before := f.session(t, s.Id)

	stale.Set("event_description", "edited by a slower request")
	if err := f.app.Save(stale); err != nil {
		t.Fatal(err)
	}
	after := f.session(t, s.Id)
	if got := after.GetStringSlice("assigned_photographers"); !slices.Equal(got, []string{f.staff.Photographer.Id}) {
		t.Errorf("assigned_photographers = %v, want the assigned photographer %s", got, f.staff.Photographer.Id)
	}
	for _, field := range []string{"subtotal", "total", "deposit_amount"} {
		if amount(after, field) != amount(before, field) {
			t.Errorf("%s = %s after the stale save, was %s", field, amount(after, field), amount(before, field))
		}
	}
	if amount(after, "total") != "80.00" {
		t.Errorf("total = %s, want the line's 80.00", amount(after, "total"))
	}
	if after.GetString("event_description") != "edited by a slower request" {
		t.Errorf("the edit itself was lost: %q", after.GetString("event_description"))
	}
}

// TestGoCodeCannotForgeDerivedFields: Go code that sets the derived fields
// by hand and saves gets them recomputed from the assignments and lines.
func TestGoCodeCannotForgeDerivedFields(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	s := ta.Session(t, f.app, f.client, map[string]any{"status": domain.StatusNegotiation})
	ta.Assign(t, f.app, s, f.staff.Photographer, nil)
	ta.Line(t, f.app, s, map[string]any{"unit_price": 80, "line_subtotal": 80})

	forged := f.session(t, s.Id)
	forged.Set("assigned_photographers", []string{f.staff.Photographer2.Id})
	if err := f.app.Save(forged); err != nil {
		t.Fatal(err)
	}
	if got := f.session(t, s.Id).GetStringSlice("assigned_photographers"); !slices.Equal(got, []string{f.staff.Photographer.Id}) {
		t.Errorf("forged assigned_photographers kept: %v", got)
	}

	forged = f.session(t, s.Id)
	forged.Set("deposit_amount", 1)
	if err := f.app.Save(forged); err != nil {
		t.Fatal(err)
	}
	if got := amount(f.session(t, s.Id), "deposit_amount"); got != "40.00" {
		t.Errorf("deposit_amount = %s, want 40.00 (50 %% of 80.00)", got)
	}
}
