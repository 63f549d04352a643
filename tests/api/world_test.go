package api_test

import (
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/studio/studio/internal/domain"
	ta "github.com/studio/studio/internal/testapp"
)

// Actors of the permission matrix.
const (
	guest        = "guest"
	admin        = "admin"
	coordinator  = "coordinator"
	photographer = "photographer"
	editor       = "editor"
	superuser    = "superuser"
)

var actors = []string{guest, admin, coordinator, photographer, editor, superuser}

// world is one served app holding a record of every collection in the
// shapes the scopes of docs/rules.md §1 tell apart.
type world struct {
	app    *tests.TestApp
	base   string
	staff  *ta.Staff
	tokens map[string]string

	clientOwn, clientOther, clientAttended, clientEditing *core.Record

	item, pkg, pkgItem, room *core.Record

	// sessOwn: Assigned, photographer assigned. sessOther: photographer2.
	// sessReassigned: photographer's assignment Reassigned. sessEditing:
	// In Editing by editor. sessAttended: Attended (the editing queue).
	// sessConfirmed: Confirmed, editable by coordinators.
	sessOwn, sessOther, sessReassigned, sessEditing, sessAttended, sessConfirmed *core.Record

	lineOwn, lineOther, lineConfirmed   *core.Record
	assignOwn, assignOther              *core.Record
	payment                             *core.Record
	historyOwn, historyOther            *core.Record
	notifPhotographer, notifEditor      *core.Record
	settings, audit, outbox, roleEditor *core.Record
}

func newWorld(t *testing.T) *world {
	app := ta.New(t)
	w := &world{app: app, staff: ta.NewStaff(t, app)}
	w.tokens = map[string]string{
		guest:        "",
		admin:        ta.Token(t, w.staff.Admin),
		coordinator:  ta.Token(t, w.staff.Coordinator),
		photographer: ta.Token(t, w.staff.Photographer),
		editor:       ta.Token(t, w.staff.Editor),
		superuser:    ta.Token(t, w.staff.Superuser),
	}
	w.clientOwn = ta.Client(t, app, nil)
	w.clientOther = ta.Client(t, app, nil)
	w.clientAttended = ta.Client(t, app, nil)
	w.clientEditing = ta.Client(t, app, nil)
	w.item = ta.Item(t, app, nil)
	w.pkg = ta.Package(t, app, nil, w.item)
	var err error
	w.pkgItem, err = app.FindFirstRecordByData("package_items", "package", w.pkg.Id)
	if err != nil {
		t.Fatal(err)
	}
	w.room = ta.Room(t, app, nil)

	w.sessOwn = ta.Session(t, app, w.clientOwn, map[string]any{"status": domain.StatusAssigned})
	w.assignOwn = ta.Assign(t, app, w.sessOwn, w.staff.Photographer, nil)
	w.sessOther = ta.Session(t, app, w.clientOther, map[string]any{"status": domain.StatusAssigned})
	w.assignOther = ta.Assign(t, app, w.sessOther, w.staff.Photographer2, nil)
	w.sessReassigned = ta.Session(t, app, w.clientOther, map[string]any{"status": domain.StatusAssigned})
	ta.Assign(t, app, w.sessReassigned, w.staff.Photographer, map[string]any{"assignment_status": domain.AssignmentReassigned})
	ta.Assign(t, app, w.sessReassigned, w.staff.Photographer2, nil)
	w.sessEditing = ta.Session(t, app, w.clientEditing, map[string]any{"status": domain.StatusInEditing, "assigned_editor": w.staff.Editor.Id})
	w.sessAttended = ta.Session(t, app, w.clientAttended, map[string]any{"status": domain.StatusAttended})
	ta.Assign(t, app, w.sessAttended, w.staff.Photographer2, nil)
	w.sessConfirmed = ta.Session(t, app, w.clientOther, map[string]any{"status": domain.StatusConfirmed})

	w.lineOwn = ta.Line(t, app, w.sessOwn, nil)
	w.lineOther = ta.Line(t, app, w.sessOther, nil)
	w.lineConfirmed = ta.Line(t, app, w.sessConfirmed, nil)
	w.payment = ta.Payment(t, app, w.sessConfirmed, nil)
	w.historyOwn = ta.History(t, app, w.sessOwn, nil)
	w.historyOther = ta.History(t, app, w.sessOther, nil)
	w.notifPhotographer = ta.Notification(t, app, w.staff.Photographer, nil)
	w.notifEditor = ta.Notification(t, app, w.staff.Editor, nil)
	w.settings, err = app.FindFirstRecordByFilter("studio_settings", "")
	if err != nil {
		t.Fatal(err)
	}
	w.audit = ta.Audit(t, app, nil)
	w.outbox = ta.Outbox(t, app, nil)
	w.roleEditor, err = app.FindFirstRecordByData("roles", "name", ta.RoleEditor)
	if err != nil {
		t.Fatal(err)
	}
	w.base = ta.Serve(t, app)
	return w
}

// spareItem creates an item in no package yet (for package_items creates).
func (w *world) spareItem() *core.Record {
	c, _ := w.app.FindCollectionByNameOrId("items")
	r := core.NewRecord(c)
	r.Load(map[string]any{"code": ta.Unique("SP-"), "name": "Spare", "item_type": "Album", "unit_measure": "Unit", "unit_price": 1})
	if err := w.app.Save(r); err != nil {
		panic(err)
	}
	return r
}

// url is the records URL of a collection (and record id, if given).
func (w *world) url(collection string, id ...string) string {
	u := w.base + "/api/collections/" + collection + "/records"
	if len(id) > 0 {
		u += "/" + id[0]
	}
	return u
}

// dbxEq is a column = value condition for CountRecords.
func dbxEq(column string, value any) dbx.Expression { return dbx.HashExp{column: value} }
