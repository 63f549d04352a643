package lifecycle

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/rbac"
)

var (
	gt    = time.FixedZone("America/Guatemala", -6*3600)
	now   = time.Date(2026, 3, 10, 15, 0, 0, 0, time.UTC)
	start = now.Add(20 * 24 * time.Hour)
)

// ok are facts under which every allowed transition passes its guards.
func ok(from, to string) Facts {
	f := Facts{
		From: from, To: to, Now: now, Loc: gt, System: true, ActorID: "u1",
		SessionType: domain.SessionTypeStudio, ClientActive: true, StartsAt: start, Lines: 2,
		Total: decimal.NewFromInt(1000), DepositAmount: decimal.NewFromInt(500),
		PaymentDeadline: now.Add(24 * time.Hour), HasRoom: true, Photographers: []string{"p1"},
		EditingDays: 5, VerifiedDeposit: decimal.NewFromInt(500), NetPaid: decimal.NewFromInt(1000),
		Editor: "e1", EditorEligible: true, MaxEditing: 10, PaymentDeadlineDays: 5, ChangesDeadlineDays: 7,
		RequireFullPayment: true, Reason: "r", Initiator: domain.InitiatorClient,
	}
	switch from {
	case domain.StatusConfirmed:
		if to == domain.StatusAssigned {
			f.ChangesDeadline = now.Add(-time.Hour)
		} else {
			f.ChangesDeadline = now.Add(time.Hour)
		}
	case domain.StatusAssigned, domain.StatusAttended, domain.StatusInEditing, domain.StatusReadyForDelivery:
		f.StartsAt = now.Add(-time.Hour)
	}
	return f
}

func code(err error) string {
	var de *domain.Error
	if errors.As(err, &de) {
		return de.ErrCode
	}
	return ""
}

// TestAllPairs: of the 100 (from, to) pairs exactly the edges of docs/rules.md §4.1 pass
// (with satisfied guards); every other pair is INVALID_STATE_TRANSITION.
func TestAllPairs(t *testing.T) {
	allowed := map[[2]string]bool{
		{domain.StatusRequest, domain.StatusNegotiation}:        true,
		{domain.StatusNegotiation, domain.StatusPreScheduled}:   true,
		{domain.StatusPreScheduled, domain.StatusNegotiation}:   true,
		{domain.StatusPreScheduled, domain.StatusConfirmed}:     true,
		{domain.StatusConfirmed, domain.StatusNegotiation}:      true,
		{domain.StatusConfirmed, domain.StatusAssigned}:         true,
		{domain.StatusAssigned, domain.StatusAttended}:          true,
		{domain.StatusAttended, domain.StatusInEditing}:         true,
		{domain.StatusInEditing, domain.StatusReadyForDelivery}: true,
		{domain.StatusReadyForDelivery, domain.StatusCompleted}: true,
	}
	for _, from := range domain.SessionStatuses {
		if !domain.IsClosed(from) {
			allowed[[2]string{from, domain.StatusCanceled}] = true
		}
	}
	pairs := 0
	for _, from := range domain.SessionStatuses {
		for _, to := range domain.SessionStatuses {
			pairs++
			t.Run(from+"→"+to, func(t *testing.T) {
				plan, err := Decide(ok(from, to))
				if allowed[[2]string{from, to}] {
					if err != nil || plan == nil || plan.To != to {
						t.Fatalf("want allowed, got %v", err)
					}
					return
				}
				if code(err) != domain.CodeInvalidStateTransition {
					t.Fatalf("want INVALID_STATE_TRANSITION, got %v", err)
				}
			})
		}
	}
	if pairs != 100 || len(allowed) != 18 {
		t.Fatalf("pairs %d, allowed %d", pairs, len(allowed))
	}
}

// TestGuards: each guard's failure with its code.
func TestGuards(t *testing.T) {
	type tc struct {
		name, from, to string
		change         func(f *Facts)
		code           string
	}
	coordinator := func(p rbac.Permission) bool { return slices.Contains(rbac.DefaultRoles[rbac.RoleCoordinator], p) }
	photographer := func(p rbac.Permission) bool { return slices.Contains(rbac.DefaultRoles[rbac.RolePhotographer], p) }
	editor := func(p rbac.Permission) bool { return slices.Contains(rbac.DefaultRoles[rbac.RoleEditor], p) }
	as := func(can func(rbac.Permission) bool, id string) func(f *Facts) {
		return func(f *Facts) { f.System, f.Can, f.ActorID = false, can, id }
	}
	S := domain.StatusRequest
	N, P, C, A := domain.StatusNegotiation, domain.StatusPreScheduled, domain.StatusConfirmed, domain.StatusAssigned
	At, E, R, Done, X := domain.StatusAttended, domain.StatusInEditing, domain.StatusReadyForDelivery, domain.StatusCompleted, domain.StatusCanceled
	cases := []tc{
		{"past date", S, N, func(f *Facts) { f.StartsAt = now.Add(-time.Minute) }, domain.CodeInvalidSessionDate},
		{"inactive client", S, N, func(f *Facts) { f.ClientActive = false }, domain.CodeValidation},
		{"no type", S, N, func(f *Facts) { f.SessionType = "" }, domain.CodeValidation},
		{"photographer cannot negotiate", S, N, as(photographer, "p1"), domain.CodeForbidden},
		{"no lines", N, P, func(f *Facts) { f.Lines = 0 }, domain.CodeValidation},
		{"zero total", N, P, func(f *Facts) { f.Total = decimal.Zero }, domain.CodeValidation},
		{"payment deadline passed", P, C, func(f *Facts) { f.PaymentDeadline = now.Add(-time.Second) }, domain.CodePaymentDeadlineExpired},
		{"deposit short by a cent", P, C, func(f *Facts) { f.VerifiedDeposit = decimal.RequireFromString("499.99") }, domain.CodeInsufficientPayment},
		{"editor cannot confirm", P, C, as(editor, "e1"), domain.CodeForbidden},
		{"changes deadline passed", C, N, func(f *Facts) { f.ChangesDeadline = now.Add(-time.Second) }, domain.CodeChangesDeadlineExpired},
		{"before changes deadline", C, A, func(f *Facts) { f.ChangesDeadline = now.Add(time.Second) }, domain.CodeInvalidStateTransition},
		{"no photographer", C, A, func(f *Facts) { f.Photographers = nil }, domain.CodeMissingResources},
		{"studio without room", C, A, func(f *Facts) { f.HasRoom = false }, domain.CodeMissingResources},
		{"photographer cannot assign", C, A, as(photographer, "p1"), domain.CodeForbidden},
		{"before start", A, At, func(f *Facts) { f.StartsAt = now.Add(time.Minute) }, domain.CodeInvalidSessionDate},
		{"unassigned photographer", A, At, as(photographer, "p2"), domain.CodeForbidden},
		{"editor cannot attend", A, At, as(editor, "e1"), domain.CodeForbidden},
		{"editor at capacity", At, E, func(f *Facts) { f.EditorLoad = 10 }, domain.CodeEditorAtCapacity},
		{"already taken", At, E, func(f *Facts) { f.AssignedEditor = "e2" }, domain.CodeInvalidStateTransition},
		{"not an editor", At, E, func(f *Facts) { f.EditorEligible = false }, domain.CodeValidation},
		{"photographer cannot take", At, E, as(photographer, "p1"), domain.CodeForbidden},
		{"coordinator cannot give to another", At, E, as(coordinator, "c1"), domain.CodeForbidden},
		{"other editor cannot deliver", E, R, func(f *Facts) { as(editor, "e2")(f); f.AssignedEditor = "e1" }, domain.CodeForbidden},
		{"balance due", R, Done, func(f *Facts) { f.NetPaid = decimal.RequireFromString("999.99") }, domain.CodeBalanceDue},
		{"editor cannot complete", R, Done, as(editor, "e1"), domain.CodeForbidden},
		{"no reason", C, X, func(f *Facts) { f.Reason = "" }, domain.CodeValidation},
		{"bad initiator", C, X, func(f *Facts) { f.Initiator = "nobody" }, domain.CodeValidation},
		{"system initiator by a person", C, X, func(f *Facts) { as(coordinator, "c1")(f); f.Initiator = domain.InitiatorSystem }, domain.CodeValidation},
		{"photographer cannot cancel", A, X, as(photographer, "p1"), domain.CodeForbidden},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := ok(c.from, c.to)
			c.change(&f)
			if _, err := Decide(f); code(err) != c.code {
				t.Fatalf("want %s, got %v", c.code, err)
			}
		})
	}
	t.Run("full payment not required", func(t *testing.T) {
		f := ok(R, Done)
		f.NetPaid, f.RequireFullPayment = decimal.Zero, false
		if _, err := Decide(f); err != nil {
			t.Fatal(err)
		}
	})
}

// TestActions: deadlines at 23:59:59 studio time and the other actions.
func TestActions(t *testing.T) {
	p, err := Decide(ok(domain.StatusNegotiation, domain.StatusPreScheduled))
	if err != nil {
		t.Fatal(err)
	}
	// now is 09:00 in Guatemala on March 10: deadline March 15 23:59:59 -06:00.
	if want := time.Date(2026, 3, 15, 23, 59, 59, 0, gt); !p.Set["payment_deadline"].(time.Time).Equal(want) {
		t.Fatalf("payment deadline %v, want %v", p.Set["payment_deadline"], want)
	}
	f := ok(domain.StatusPreScheduled, domain.StatusConfirmed)
	f.StartsAt = time.Date(2026, 4, 1, 2, 0, 0, 0, time.UTC) // March 31, 20:00 in Guatemala
	p, err = Decide(f)
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 3, 24, 23, 59, 59, 0, gt); !p.Set["changes_deadline"].(time.Time).Equal(want) {
		t.Fatalf("changes deadline %v, want %v", p.Set["changes_deadline"], want)
	}
	if !p.Set["payment_deadline"].(time.Time).IsZero() || p.Email == "" {
		t.Fatalf("confirmation must clear the payment deadline and email: %+v", p)
	}
	f = ok(domain.StatusAssigned, domain.StatusAttended)
	f.System, f.Can, f.ActorID = false, func(rbac.Permission) bool { return true }, "p1"
	f.Can = func(p rbac.Permission) bool { return p == rbac.SessionMarkAttended || p == rbac.SessionViewOwn }
	f.Photographers = []string{"p1", "p2"}
	if p, err = Decide(f); err != nil || !slices.Equal(p.MarkAttended, []string{"p1"}) {
		t.Fatalf("photographer marks own assignment: %v %v", p, err)
	}
	f = ok(domain.StatusAssigned, domain.StatusCanceled)
	f.Initiator = domain.InitiatorCompany
	if p, err = Decide(f); err != nil || p.Refund == nil || p.Refund.Rule != "REFUND_FORCE_MAJEURE" || !p.ReleaseAssignments {
		t.Fatalf("cancel: %+v %v", p, err)
	}
}
