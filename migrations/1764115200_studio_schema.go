package migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

func init() {
	m.Register(createSchema, dropSchema)
}

// studioCollections lists the collections this migration creates, in
// dependency order (dropSchema removes them in reverse).
var studioCollections = []string{
	"roles", "clients", "items", "packages", "package_items", "rooms",
	"sessions", "session_lines", "session_photographers", "session_payments",
	"session_status_history", "notifications", "studio_settings", "audit_log", "outbox",
}

func createSchema(app core.App) error {
	save := func(c *core.Collection) (*core.Collection, error) {
		if err := app.Save(c); err != nil {
			return nil, fmt.Errorf("create collection %s: %w", c.Name, err)
		}
		return c, nil
	}

	roles, err := save(newCollection("roles",
		text("name", true, 50),
		longText("description"),
		choices("permissions", schemaPermissions...),
	))
	if err != nil {
		return err
	}
	roles.AddIndex("idx_roles_name", true, "name COLLATE NOCASE", "")
	if _, err := save(roles); err != nil {
		return err
	}

	users, err := app.FindCollectionByNameOrId("users")
	if err != nil {
		return err
	}
	users.Fields.Add(
		text("phone", false, 30),
		choice("status", true, "Active", "Inactive"),
		rels("roles", roles),
		choices("permissions", schemaPermissions...),
	)
	users.Fields.RemoveByName("avatar")
	if nameField, ok := users.Fields.GetByName("name").(*core.TextField); ok {
		nameField.Required = true
		nameField.Max = 120
	}
	users.AddIndex("idx_users_status", false, "status", "")
	if _, err := save(users); err != nil {
		return err
	}

	clients, err := save(withIndexes(newCollection("clients",
		text("full_name", true, 200),
		&core.EmailField{Name: "email", Required: true},
		text("primary_phone", true, 30),
		text("secondary_phone", false, 30),
		longText("delivery_address"),
		choice("client_type", true, "Individual", "Institutional"),
		longText("notes"),
		choice("status", true, "Active", "Inactive"),
		flag("high_risk"),
	), idx("idx_clients_email", true, "email COLLATE NOCASE"), idx("idx_clients_name", false, "full_name")))
	if err != nil {
		return err
	}

	items, err := save(withIndexes(newCollection("items",
		text("code", true, 30),
		text("name", true, 200),
		longText("description"),
		choice("item_type", true, schemaItemTypes...),
		money("unit_price", false),
		choice("unit_measure", true, schemaUnitMeasures...),
		&core.NumberField{Name: "default_quantity", Min: ptrF(0.01), Max: ptrF(100000)},
		choice("status", true, "Active", "Inactive"),
	), idx("idx_items_code", true, "code")))
	if err != nil {
		return err
	}

	packages, err := save(withIndexes(newCollection("packages",
		text("code", true, 30),
		text("name", true, 200),
		longText("description"),
		choice("session_type", true, "Studio", "External", "Both"),
		money("base_price", false),
		count("estimated_editing_days", true, 1, 365),
		choice("status", true, "Active", "Inactive"),
	), idx("idx_packages_code", true, "code")))
	if err != nil {
		return err
	}

	if _, err := save(withIndexes(newCollection("package_items",
		owned("package", packages),
		rel("item", items, true),
		&core.NumberField{Name: "quantity", Required: true, Min: ptrF(0.01), Max: ptrF(100000)},
		count("display_order", false, 0, 10000),
	), idx("idx_package_items_unique", true, "package, item"))); err != nil {
		return err
	}

	rooms, err := save(withIndexes(newCollection("rooms",
		text("code", true, 30),
		text("name", true, 200),
		longText("description"),
		count("capacity", false, 1, 10000),
		choice("status", true, "Active", "Inactive", "Maintenance"),
	), idx("idx_rooms_code", true, "code")))
	if err != nil {
		return err
	}

	sessions, err := save(withIndexes(newCollection("sessions",
		text("code", false, 20),
		rel("client", clients, true),
		choice("session_type", true, "Studio", "External"),
		choice("status", true, schemaSessionStatuses...),
		date("starts_at", true),
		date("ends_at", true),
		text("location", false, 500),
		rel("room", rooms, false),
		longText("event_description"),
		longText("special_notes"),
		rel("assigned_editor", users, false),
		rels("assigned_photographers", users),
		money("subtotal", false),
		money("transportation_cost", false),
		money("discount", false),
		money("total", false),
		&core.NumberField{Name: "deposit_percentage", Min: ptrF(0), Max: ptrF(100)},
		money("deposit_amount", false),
		count("estimated_editing_days", false, 1, 365),
		date("estimated_delivery_date", false),
		date("changes_deadline", false),
		date("payment_deadline", false),
		longText("photographer_observations"),
		longText("editor_observations"),
		longText("reported_incidents"),
		date("canceled_at", false),
		longText("cancellation_reason"),
		choice("cancellation_initiator", false, schemaCancellationInitiators...),
		rel("created_by", users, false),
		rel("updated_by", users, false),
	),
		idx("idx_sessions_code", true, "code", "code != ''"),
		idx("idx_sessions_status", false, "status, starts_at"),
		idx("idx_sessions_room_time", false, "room, starts_at, ends_at"),
		idx("idx_sessions_client", false, "client"),
		idx("idx_sessions_starts", false, "starts_at"),
		idx("idx_sessions_editor", false, "assigned_editor, status"),
	))
	if err != nil {
		return err
	}

	if _, err := save(withIndexes(newCollection("session_lines",
		owned("session", sessions),
		choice("line_type", true, "Item", "Package"),
		choice("reference_type", false, "Item", "Package"),
		text("reference_id", false, 30),
		text("item_code", true, 30),
		text("item_name", true, 200),
		longText("item_description"),
		&core.NumberField{Name: "quantity", Required: true, Min: ptrF(0.01), Max: ptrF(100000)},
		money("unit_price", false),
		money("line_subtotal", false),
		count("display_order", false, 0, 100000),
		rel("added_by", users, false),
	), idx("idx_session_lines_session", false, "session, display_order"))); err != nil {
		return err
	}

	if _, err := save(withIndexes(newCollection("session_photographers",
		owned("session", sessions),
		rel("photographer", users, true),
		date("coverage_start", true),
		date("coverage_end", true),
		flag("is_lead"),
		choice("assignment_status", true, "Assigned", "Confirmed", "Reassigned"),
		flag("attended"),
		longText("notes"),
		rel("created_by", users, false),
	),
		idx("idx_assignments_photographer_time", false, "photographer, coverage_start, coverage_end"),
		idx("idx_assignments_session", false, "session"),
	)); err != nil {
		return err
	}

	if _, err := save(withIndexes(newCollection("session_payments",
		rel("session", sessions, true),
		choice("payment_type", true, "Deposit", "Balance", "Refund"),
		&core.NumberField{Name: "amount", Required: true, Min: ptrF(0.01), Max: ptrF(1e11)},
		text("document_number", true, 60),
		choice("method", true, schemaPaymentMethods...),
		date("payment_date", true),
		longText("notes"),
		choice("payment_status", true, "Pending", "Verified", "Rejected"),
		&core.NumberField{Name: "refund_percentage", Min: ptrF(0), Max: ptrF(100)},
		text("refund_rule", false, 200),
		rel("registered_by", users, false),
		rel("verified_by", users, false),
	), idx("idx_payments_session", false, "session, payment_type"))); err != nil {
		return err
	}

	if _, err := save(withIndexes(newCollection("session_status_history",
		owned("session", sessions),
		choice("previous_status", false, schemaSessionStatuses...),
		choice("new_status", true, schemaSessionStatuses...),
		longText("reason"),
		rel("changed_by", users, false),
	), idx("idx_history_session", false, "session, created"))); err != nil {
		return err
	}

	if _, err := save(withIndexes(newCollection("notifications",
		owned("user", users),
		text("kind", true, 60),
		text("title", true, 300),
		longText("body"),
		rel("session", sessions, false),
		flag("read"),
	), idx("idx_notifications_user", false, "user, read, created"))); err != nil {
		return err
	}

	if _, err := save(newCollection("studio_settings", settingsFields()...)); err != nil {
		return err
	}

	if _, err := save(withIndexes(newCollection("audit_log",
		rel("actor", users, false),
		text("action", true, 100),
		text("collection_name", false, 100),
		text("record_id", false, 30),
		&core.JSONField{Name: "details", MaxSize: 100000},
	), idx("idx_audit_record", false, "collection_name, record_id"))); err != nil {
		return err
	}

	if _, err := save(withIndexes(newCollection("outbox",
		text("kind", true, 60),
		text("recipient", true, 300),
		text("template", true, 60),
		&core.JSONField{Name: "data", MaxSize: 200000},
		choice("status", true, "Pending", "Sending", "Sent", "Failed"),
		count("attempts", false, 0, 1000),
		date("next_attempt_at", false),
		longText("last_error"),
		date("sent_at", false),
		text("message_id", false, 300),
		rel("session", sessions, false),
	), idx("idx_outbox_due", false, "status, next_attempt_at"))); err != nil {
		return err
	}

	if err := applyRules(app); err != nil {
		return err
	}
	if err := seedRoles(app); err != nil {
		return err
	}
	return seedSettings(app)
}

func dropSchema(app core.App) error {
	for i := len(studioCollections) - 1; i >= 0; i-- {
		c, err := app.FindCollectionByNameOrId(studioCollections[i])
		if err != nil {
			continue
		}
		if err := app.Delete(c); err != nil {
			return fmt.Errorf("drop collection %s: %w", c.Name, err)
		}
	}
	users, err := app.FindCollectionByNameOrId("users")
	if err != nil {
		return err
	}
	for _, name := range []string{"phone", "status", "roles", "permissions"} {
		users.Fields.RemoveByName(name)
	}
	users.RemoveIndex("idx_users_status")
	return app.Save(users)
}

type index struct {
	name, columns, where string
	unique               bool
}

func idx(name string, unique bool, columns string, where ...string) index {
	w := ""
	if len(where) > 0 {
		w = where[0]
	}
	return index{name: name, columns: columns, where: w, unique: unique}
}

func withIndexes(c *core.Collection, indexes ...index) *core.Collection {
	for _, i := range indexes {
		c.AddIndex(i.name, i.unique, i.columns, i.where)
	}
	return c
}

func ptrF(v float64) *float64 { return &v }
