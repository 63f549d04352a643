package lifecycle_test

import (
	"encoding/json"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/notify"
	ta "github.com/studio/studio/internal/testapp"
)

// TestHappyPathAsEachRole walks Request → Completed through the API, each
// step by the role the matrix gives it (coordinator, photographer, editor),
// and checks history, deadlines, emails and notifications.
func TestHappyPathAsEachRole(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	start := f.now.Add(30 * 24 * time.Hour)
	id := f.newSession(t, start, "1234.55", 1)
	f.drive(t, id, domain.StatusCompleted)

	s := f.session(t, id)
	if s.GetString("status") != domain.StatusCompleted || s.GetString("assigned_editor") != f.staff.Editor.Id {
		t.Fatalf("session %s editor %s", s.GetString("status"), s.GetString("assigned_editor"))
	}
	if s.GetDateTime("estimated_delivery_date").IsZero() || !s.GetDateTime("payment_deadline").IsZero() {
		t.Fatalf("delivery date must be set and payment deadline cleared: %v", s.PublicExport())
	}
	if n := count(t, f.app, "session_status_history", dbx.HashExp{"session": id}); n != 8 {
		t.Fatalf("history entries %d, want 8", n)
	}
	h, err := f.app.FindFirstRecordByFilter("session_status_history", "session = {:s} && new_status = 'Attended'", dbx.Params{"s": id})
	if err != nil || h.GetString("changed_by") != f.staff.Photographer.Id || h.GetString("previous_status") != domain.StatusAssigned {
		t.Fatalf("Attended history: %v %v", h, err)
	}
	for _, tpl := range []string{notify.TemplateConfirmation, notify.TemplateMaterialReady} {
		if count(t, f.app, "outbox", dbx.HashExp{"session": id, "template": tpl, "recipient": f.client.GetString("email")}) != 1 {
			t.Errorf("no %s email queued", tpl)
		}
	}
	if count(t, f.app, "notifications", dbx.HashExp{"session": id, "kind": notify.KindSessionAttended, "user": f.staff.Editor2.Id}) != 1 {
		t.Error("every editor is told the session was attended")
	}
	if count(t, f.app, "notifications", dbx.HashExp{"session": id, "kind": notify.KindMaterialReady, "user": f.staff.Coordinator.Id}) != 1 {
		t.Error("coordinators are told the material is ready")
	}
	for kind, what := range map[string]string{notify.KindAssignment: "placed on the session", notify.KindSessionAssigned: "the session is locked in"} {
		if count(t, f.app, "notifications", dbx.HashExp{"session": id, "kind": kind, "user": f.staff.Photographer.Id}) != 1 {
			t.Errorf("the photographer is told once that %s (%s)", what, kind)
		}
	}
	a, err := f.app.FindFirstRecordByFilter("session_photographers", "session = {:s}", dbx.Params{"s": id})
	if err != nil || !a.GetBool("attended") {
		t.Fatalf("the photographer's assignment must be marked attended: %v", err)
	}
}

// TestHappyPathAsAdminAndSuperuser: the same path by one actor holding
// every permission, through the route and through the dashboard's PATCH.
func TestHappyPathAsAdminAndSuperuser(t *testing.T) {
	t.Parallel()
	for i, who := range []string{admin, superuser} {
		t.Run(who, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			start := f.now.Add(time.Duration(20+i) * 24 * time.Hour)
			id := f.newSession(t, start, "99.99", 3)
			f.must(t, who, id, map[string]any{"to": domain.StatusNegotiation})
			r := ta.Do(t, http.MethodPatch, f.records("sessions")+"/"+id, f.tok[who], map[string]any{"status": domain.StatusPreScheduled})
			if r.Status != http.StatusOK || r.Body["status"] != domain.StatusPreScheduled || r.Body["payment_deadline"] == "" {
				t.Fatalf("PATCH status: %d %s", r.Status, r.Raw)
			}
			s := f.session(t, id)
			f.must(t, who, id, map[string]any{"to": domain.StatusConfirmed, "deposit": map[string]any{
				"amount": amount(s, "deposit_amount"), "document_number": "D-1", "method": "Card", "payment_date": "2026-06-01"}})
			ta.Assign(t, f.app, s, f.staff.Photographer2, nil)
			s = f.session(t, id)
			s.Set("room", ta.Room(t, f.app, nil).Id)
			if err := f.app.Save(s); err != nil {
				t.Fatal(err)
			}
			f.at(s.GetDateTime("changes_deadline").Time().Add(time.Second))
			f.must(t, who, id, map[string]any{"to": domain.StatusAssigned})
			f.at(start)
			f.must(t, who, id, map[string]any{"to": domain.StatusAttended})
			f.must(t, who, id, map[string]any{"to": domain.StatusInEditing, "editor": f.staff.Editor2.Id})
			f.must(t, who, id, map[string]any{"to": domain.StatusReadyForDelivery})
			if r := f.pay(t, who, id, domain.PaymentBalance, "149.98", domain.PaymentVerified); r.Status != http.StatusOK {
				t.Fatalf("balance: %d %s", r.Status, r.Raw)
			}
			r = f.must(t, who, id, map[string]any{"to": domain.StatusCompleted})
			if r.Body["status"] != domain.StatusCompleted || r.Body["code"] == "" {
				t.Fatalf("answer: %s", r.Raw)
			}
		})
	}
}

// TestForbiddenRoles: roles the matrix does not name get 403 FORBIDDEN
// (or 404 where they may not even see the session) and nothing changes.
func TestForbiddenRoles(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	assigned := ta.Session(t, f.app, f.client, map[string]any{"status": domain.StatusAssigned})
	ta.Assign(t, f.app, assigned, f.staff.Photographer, nil)
	attended := ta.Session(t, f.app, f.client, map[string]any{"status": domain.StatusAttended})
	editing := ta.Session(t, f.app, f.client, map[string]any{"status": domain.StatusInEditing, "assigned_editor": f.staff.Editor.Id})
	ready := ta.Session(t, f.app, f.client, map[string]any{"status": domain.StatusReadyForDelivery, "assigned_editor": f.staff.Editor.Id})
	cases := []struct {
		name, who, id, to, code string
		status                  int
	}{
		{"photographer cancels", photographer, assigned.Id, domain.StatusCanceled, domain.CodeForbidden, 403},
		{"other editor marks ready", "editor2", editing.Id, domain.StatusReadyForDelivery, domain.CodeSessionNotFound, 404},
		{"other editor delivers", "editor2", ready.Id, domain.StatusCompleted, domain.CodeSessionNotFound, 404},
		{"editor completes", editor, ready.Id, domain.StatusCompleted, domain.CodeForbidden, 403},
		{"editor marks attended", editor, assigned.Id, domain.StatusAttended, domain.CodeSessionNotFound, 404},
		{"photographer takes for editing", photographer, attended.Id, domain.StatusInEditing, domain.CodeSessionNotFound, 404},
		{"unassigned photographer", "photographer2", assigned.Id, domain.StatusAttended, domain.CodeSessionNotFound, 404},
		{"photographer completes own", photographer, assigned.Id, domain.StatusCompleted, domain.CodeInvalidStateTransition, 409},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := f.session(t, c.id).GetString("status")
			r := f.transition(t, c.who, c.id, map[string]any{"to": c.to, "reason": "x", "initiator": "client"})
			if r.Status != c.status || r.FieldCode("session") != c.code {
				t.Fatalf("want %d %s, got %d %s", c.status, c.code, r.Status, r.Raw)
			}
			if f.session(t, c.id).GetString("status") != before {
				t.Fatal("a refused transition changed the session")
			}
		})
	}
	if r := ta.Do(t, http.MethodPost, f.base+"/api/studio/sessions/"+assigned.Id+"/transitions", "", map[string]any{"to": domain.StatusCanceled}); r.Status != http.StatusUnauthorized {
		t.Fatalf("guest: %d", r.Status)
	}
	// a photographer sees its Request-stage assignment session but may not negotiate it
	early := ta.Session(t, f.app, f.client, nil)
	ta.Assign(t, f.app, early, f.staff.Photographer, nil)
	if r := f.transition(t, photographer, early.Id, map[string]any{"to": domain.StatusNegotiation}); r.Status != 403 || r.FieldCode("session") != domain.CodeForbidden {
		t.Fatalf("photographer negotiates: %d %s", r.Status, r.Raw)
	}
	if r := f.transition(t, coordinator, "nope", map[string]any{"to": domain.StatusNegotiation}); r.Status != 404 || r.FieldCode("session") != domain.CodeSessionNotFound {
		t.Fatalf("unknown session: %d %s", r.Status, r.Raw)
	}
}

// TestCancelFromEveryOpenState cancels a session in each open state through
// the API and checks the record, history, email and released assignments.
func TestCancelFromEveryOpenState(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for _, st := range domain.SessionStatuses {
		if domain.IsClosed(st) {
			continue
		}
		t.Run(st, func(t *testing.T) {
			s := ta.Session(t, f.app, f.client, map[string]any{"status": st})
			r := f.must(t, coordinator, s.Id, map[string]any{"to": domain.StatusCanceled, "reason": "Venue closed", "initiator": domain.InitiatorCompany})
			refund, _ := r.Body["refund"].(map[string]any)
			if r.Body["status"] != domain.StatusCanceled || r.Body["canceled_at"] == "" || refund["rule"] == nil {
				t.Fatalf("answer: %s", r.Raw)
			}
			s = f.session(t, s.Id)
			if s.GetString("cancellation_initiator") != domain.InitiatorCompany || s.GetString("cancellation_reason") != "Venue closed" {
				t.Fatalf("cancellation fields: %v", s.PublicExport())
			}
			if len(s.GetStringSlice("assigned_photographers")) != 0 {
				t.Fatal("assignments must be released")
			}
			if count(t, f.app, "session_status_history", dbx.HashExp{"session": s.Id, "new_status": domain.StatusCanceled, "previous_status": st}) != 1 {
				t.Fatal("no history entry")
			}
			if count(t, f.app, "outbox", dbx.HashExp{"session": s.Id, "template": notify.TemplateCancellation}) != 1 {
				t.Fatal("no cancellation email")
			}
			if again := f.transition(t, coordinator, s.Id, map[string]any{"to": domain.StatusCanceled, "reason": "x", "initiator": "client"}); again.Status != 409 {
				t.Fatalf("canceling twice: %d", again.Status)
			}
		})
	}
}

// TestSuperuserPatchIllegalStatus: the dashboard path refuses an illegal
// target with INVALID_STATE_TRANSITION and changes nothing.
func TestSuperuserPatchIllegalStatus(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	s := ta.Session(t, f.app, f.client, map[string]any{"status": domain.StatusNegotiation})
	before := f.session(t, s.Id)
	histories := count(t, f.app, "session_status_history", dbx.HashExp{"session": s.Id})
	for _, to := range []string{domain.StatusCompleted, domain.StatusAssigned, domain.StatusRequest, "Bogus"} {
		r := ta.Do(t, http.MethodPatch, f.records("sessions")+"/"+s.Id, f.tok[superuser], map[string]any{"status": to})
		if r.Status != 409 || r.FieldCode("session") != domain.CodeInvalidStateTransition {
			t.Fatalf("PATCH %s: %d %s", to, r.Status, r.Raw)
		}
	}
	after := f.session(t, s.Id)
	if after.GetString("status") != before.GetString("status") || after.GetString("updated") != before.GetString("updated") ||
		count(t, f.app, "session_status_history", dbx.HashExp{"session": s.Id}) != histories {
		t.Fatal("a refused PATCH changed the session")
	}
	// The cancellation PATCH carries its reason and initiator.
	r := ta.Do(t, http.MethodPatch, f.records("sessions")+"/"+s.Id, f.tok[superuser], map[string]any{
		"status": domain.StatusCanceled, "cancellation_reason": "Duplicate", "cancellation_initiator": domain.InitiatorCompany})
	if r.Status != 200 || r.Body["status"] != domain.StatusCanceled {
		t.Fatalf("cancel PATCH: %d %s", r.Status, r.Raw)
	}
	// Go code cannot bypass the machine either.
	s = ta.Session(t, f.app, f.client, nil)
	s.Set("status", domain.StatusConfirmed)
	if err := f.app.Save(s); err == nil {
		t.Fatal("a plain save changed the status")
	}
}

// TestComputedFieldsRefused: callers cannot write computed fields; the Go
// path gets them recomputed.
func TestComputedFieldsRefused(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	id := f.newSession(t, f.now.Add(40*24*time.Hour), "100.00", 2)
	for field, v := range map[string]any{"total": 1, "subtotal": 5, "deposit_amount": 1, "code": "S-1999-00001",
		"payment_deadline": "2030-01-01 00:00:00.000Z", "canceled_at": "2030-01-01 00:00:00.000Z", "assigned_editor": f.staff.Editor.Id} {
		r := ta.Do(t, http.MethodPatch, f.records("sessions")+"/"+id, f.tok[superuser], map[string]any{field: v})
		if r.Status != 400 || r.FieldCode(field) != domain.CodeValidation {
			t.Errorf("PATCH %s: %d %s", field, r.Status, r.Raw)
		}
	}
	r := ta.Do(t, http.MethodPost, f.records("sessions"), f.tok[coordinator], map[string]any{
		"client": f.client.Id, "session_type": "Studio", "starts_at": f.now.Add(50 * 24 * time.Hour), "ends_at": f.now.Add(50*24*time.Hour + time.Hour), "total": 10})
	if r.Status != 400 || r.FieldCode("total") != domain.CodeValidation {
		t.Errorf("create with total: %d %s", r.Status, r.Raw)
	}
	s := f.session(t, id)
	s.Set("total", 1)
	s.Set("subtotal", 1)
	if err := f.app.Save(s); err != nil {
		t.Fatal(err)
	}
	if s = f.session(t, id); amount(s, "total") != "200.00" || amount(s, "deposit_amount") != "100.00" {
		t.Fatalf("derived values must be recomputed: total %s deposit %s", amount(s, "total"), amount(s, "deposit_amount"))
	}
	r = ta.Do(t, http.MethodPatch, f.records("sessions")+"/"+id, f.tok[coordinator], map[string]any{"discount": 50.5})
	if r.Status != 200 || r.Body["total"] != 149.5 {
		t.Fatalf("discount: %d %s", r.Status, r.Raw)
	}
	r = ta.Do(t, http.MethodPatch, f.records("sessions")+"/"+id, f.tok[coordinator], map[string]any{"transportation_cost": 10})
	if r.Status != 400 || r.FieldCode("transportation_cost") != domain.CodeValidation {
		t.Fatalf("transport on a Studio session: %d %s", r.Status, r.Raw)
	}
}

// TestConcurrentTransitions: 20 simultaneous requests for the same
// transition over real HTTP; exactly one wins.
func TestConcurrentTransitions(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	s := ta.Session(t, f.app, f.client, nil)
	var wg sync.WaitGroup
	statuses := make([]int, 20)
	for i := range statuses {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			statuses[i] = f.transition(t, coordinator, s.Id, map[string]any{"to": domain.StatusNegotiation}).Status
		}(i)
	}
	wg.Wait()
	ok := 0
	for _, st := range statuses {
		switch st {
		case 200:
			ok++
		case 409:
		default:
			t.Errorf("unexpected status %d", st)
		}
	}
	if ok != 1 {
		t.Fatalf("%d successes, want 1: %v", ok, statuses)
	}
	if n := count(t, f.app, "session_status_history", dbx.HashExp{"session": s.Id, "new_status": domain.StatusNegotiation}); n != 1 {
		t.Fatalf("%d history entries", n)
	}
}

// TestBatchPatchRunsTheMachine: a status change inside a batch goes
// through the same code: a legal one is applied with its history entry, an
// illegal one fails the whole batch.
func TestBatchPatchRunsTheMachine(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	if !f.app.Settings().Batch.Enabled {
		t.Fatal("the batch API must be enabled by the migrations")
	}
	a := ta.Session(t, f.app, f.client, nil)
	b := ta.Session(t, f.app, f.client, nil)
	batch := func(reqs ...map[string]any) ta.Response {
		return ta.Do(t, http.MethodPost, f.base+"/api/batch", f.tok[coordinator], map[string]any{"requests": reqs})
	}
	patch := func(id, status string) map[string]any {
		return map[string]any{"method": "PATCH", "url": "/api/collections/sessions/records/" + id, "body": map[string]any{"status": status}}
	}
	// The batch fails as a whole (400); its second request carries the
	// state machine's refusal.
	r := batch(patch(a.Id, domain.StatusNegotiation), patch(b.Id, domain.StatusCompleted))
	r.Expect(t, http.StatusBadRequest, "", "")
	var failed struct {
		Data struct {
			Requests map[string]struct {
				Response struct {
					Status int `json:"status"`
					Data   map[string]struct {
						Code string `json:"code"`
					} `json:"data"`
				} `json:"response"`
			} `json:"requests"`
		} `json:"data"`
	}
	if err := json.Unmarshal([]byte(r.Raw), &failed); err != nil {
		t.Fatal(err)
	}
	if got := failed.Data.Requests["1"].Response; got.Status != http.StatusConflict || got.Data["session"].Code != domain.CodeInvalidStateTransition {
		t.Fatalf("illegal batch: want request 1 refused with 409 %s: %s", domain.CodeInvalidStateTransition, r.Raw)
	}
	if f.session(t, a.Id).GetString("status") != domain.StatusRequest || count(t, f.app, "session_status_history", dbx.HashExp{"session": a.Id}) != 0 {
		t.Fatal("a failed batch must change nothing")
	}
	if r := batch(patch(a.Id, domain.StatusNegotiation), patch(b.Id, domain.StatusNegotiation)); r.Status != 200 {
		t.Fatalf("legal batch: %d %s", r.Status, r.Raw)
	}
	if f.session(t, b.Id).GetString("status") != domain.StatusNegotiation || count(t, f.app, "session_status_history", dbx.HashExp{"session": b.Id}) != 1 {
		t.Fatal("batch transition not applied with its history")
	}
}
