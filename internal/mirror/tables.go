package mirror

import (
	"strings"

	"github.com/studio/studio/internal/model"
)

// kind says how a SQLite value becomes a PostgreSQL one.
type kind int

const (
	kText  kind = iota // text; NULL becomes ''
	kRef               // a relation id; '' becomes NULL (foreign keys)
	kMoney             // NUMERIC(12,2), exact to the cent
	kInt               // integer
	kBool              // boolean
	kTime              // timestamptz; '' becomes NULL
	kList              // a JSON array of ids or values → text[]
)

// column is one mirrored column; source is the SQLite expression when it
// differs from the name.
type column struct {
	name   string
	kind   kind
	source string
}

// table is one mirrored collection.
type table struct {
	// name is the PostgreSQL table, source the PocketBase collection.
	name, source string
	columns      []column
}

func c(name string, k kind) column { return column{name: name, kind: k} }

func stamps() []column { return []column{c("created", kTime), c("updated", kTime)} }

func cols(list ...column) []column { return append(list, stamps()...) }

// tables are the mirrored collections, parents before children: Sync
// upserts in this order and deletes in the reverse one. Secrets (password
// hashes, token keys, calendar tokens) and the clients' private notes are
// not mirrored.
var tables = []table{
	{"settings", "studio_settings", cols(c("id", kText), c("studio_name", kText), c("timezone", kText), c("currency", kText), c("language", kText))},
	{"roles", "roles", cols(c("id", kText), c("name", kText), c("permissions", kList))},
	{"users", "users", cols(c("id", kText), c("email", kText), c("name", kText), c("phone", kText), c("status", kText), c("roles", kList))},
	{"clients", "clients", cols(c("id", kText), c("full_name", kText), c("email", kText), c("primary_phone", kText), c("secondary_phone", kText),
		c("delivery_address", kText), c("client_type", kText), c("status", kText), c("high_risk", kBool))},
	{"rooms", "rooms", cols(c("id", kText), c("code", kText), c("name", kText), c("description", kText), c("capacity", kInt), c("status", kText))},
	{"items", "items", cols(c("id", kText), c("code", kText), c("name", kText), c("description", kText), c("item_type", kText),
		c("unit_price", kMoney), c("unit_measure", kText), c("default_quantity", kMoney), c("status", kText))},
	{"packages", "packages", cols(c("id", kText), c("code", kText), c("name", kText), c("description", kText), c("session_type", kText),
		c("base_price", kMoney), c("estimated_editing_days", kInt), c("status", kText))},
	{"package_items", "package_items", cols(c("id", kText), c("package", kRef), c("item", kRef), c("quantity", kMoney), c("display_order", kInt))},
	{"sessions", model.Sessions, cols(c("id", kText), c("code", kText), c("client", kRef), c("session_type", kText), c("status", kText),
		c("starts_at", kTime), c("ends_at", kTime), c("location", kText), c("room", kRef), c("event_description", kText), c("special_notes", kText),
		c("assigned_editor", kRef), c("subtotal", kMoney), c("transportation_cost", kMoney), c("discount", kMoney), c("total", kMoney),
		c("deposit_percentage", kMoney), c("deposit_amount", kMoney), c("estimated_editing_days", kInt), c("estimated_delivery_date", kTime),
		c("changes_deadline", kTime), c("payment_deadline", kTime), c("photographer_observations", kText), c("editor_observations", kText),
		c("reported_incidents", kText), c("canceled_at", kTime), c("cancellation_reason", kText), c("cancellation_initiator", kText),
		c("created_by", kText), c("updated_by", kText))},
	{"session_lines", model.SessionLines, cols(c("id", kText), c("session", kRef), c("line_type", kText), c("reference_type", kText),
		c("reference_id", kText), c("item_code", kText), c("item_name", kText), c("item_description", kText), c("quantity", kMoney),
		c("unit_price", kMoney), c("line_subtotal", kMoney), c("display_order", kInt), c("added_by", kText))},
	{"assignments", model.SessionPhotographers, cols(c("id", kText), c("session", kRef), c("photographer", kRef), c("coverage_start", kTime),
		c("coverage_end", kTime), c("is_lead", kBool), c("assignment_status", kText), c("attended", kBool), c("notes", kText), c("created_by", kText))},
	{"payments", model.SessionPayments, cols(c("id", kText), c("session", kRef), c("payment_type", kText), c("amount", kMoney),
		c("document_number", kText), c("method", kText), c("payment_date", kTime), c("notes", kText), c("payment_status", kText),
		c("refund_percentage", kMoney), c("refund_rule", kText), c("registered_by", kText), c("verified_by", kText))},
	{"status_history", "session_status_history", cols(c("id", kText), c("session", kRef), c("previous_status", kText), c("new_status", kText),
		c("reason", kText), c("changed_by", kText))},
}

// Collections are the PocketBase collections the mirror copies; the
// change log records every insert, update and delete of them.
func Collections() []string {
	out := make([]string, len(tables))
	for i, t := range tables {
		out[i] = t.source
	}
	return out
}

// names lists the PostgreSQL column names.
func (t table) names() []string {
	out := make([]string, len(t.columns))
	for i, col := range t.columns {
		out[i] = col.name
	}
	return out
}

// selectSQL reads the table's columns from SQLite.
func (t table) selectSQL() string {
	exprs := make([]string, len(t.columns))
	for i, col := range t.columns {
		if col.source != "" {
			exprs[i] = col.source
		} else {
			exprs[i] = "[[" + col.name + "]]"
		}
	}
	return "SELECT " + strings.Join(exprs, ", ") + " FROM {{" + t.source + "}}"
}
