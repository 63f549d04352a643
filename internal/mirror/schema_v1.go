package mirror

// schemaV1 creates the mirrored tables, the report tables and the views.
// {{s}} stands for the quoted schema name. Money is NUMERIC(12,2), times
// are timestamptz; relations are foreign keys, deferred to the end of each
// transaction so a batch may hold a child before its parent.
const schemaV1 = `
CREATE TABLE {{s}}.mirror_state (
	key text PRIMARY KEY,
	value text NOT NULL,
	updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE {{s}}.settings (
	id text PRIMARY KEY, studio_name text NOT NULL, timezone text NOT NULL, currency text NOT NULL, language text NOT NULL,
	created timestamptz, updated timestamptz
);
CREATE TABLE {{s}}.roles (
	id text PRIMARY KEY, name text NOT NULL, permissions text[] NOT NULL DEFAULT '{}',
	created timestamptz, updated timestamptz
);
CREATE TABLE {{s}}.users (
	id text PRIMARY KEY, email text NOT NULL, name text NOT NULL, phone text NOT NULL, status text NOT NULL,
	roles text[] NOT NULL DEFAULT '{}',
	created timestamptz, updated timestamptz
);
CREATE TABLE {{s}}.clients (
	id text PRIMARY KEY, full_name text NOT NULL, email text NOT NULL, primary_phone text NOT NULL, secondary_phone text NOT NULL,
	delivery_address text NOT NULL, client_type text NOT NULL, status text NOT NULL, high_risk boolean NOT NULL,
	created timestamptz, updated timestamptz
);
CREATE TABLE {{s}}.rooms (
	id text PRIMARY KEY, code text NOT NULL, name text NOT NULL, description text NOT NULL, capacity integer NOT NULL, status text NOT NULL,
	created timestamptz, updated timestamptz
);
CREATE TABLE {{s}}.items (
	id text PRIMARY KEY, code text NOT NULL, name text NOT NULL, description text NOT NULL, item_type text NOT NULL,
	unit_price numeric(12,2) NOT NULL, unit_measure text NOT NULL, default_quantity numeric(12,2) NOT NULL, status text NOT NULL,
	created timestamptz, updated timestamptz
);
CREATE TABLE {{s}}.packages (
	id text PRIMARY KEY, code text NOT NULL, name text NOT NULL, description text NOT NULL, session_type text NOT NULL,
	base_price numeric(12,2) NOT NULL, estimated_editing_days integer NOT NULL, status text NOT NULL,
	created timestamptz, updated timestamptz
);
CREATE TABLE {{s}}.package_items (
	id text PRIMARY KEY,
	package text REFERENCES {{s}}.packages (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
	item text REFERENCES {{s}}.items (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
	quantity numeric(12,2) NOT NULL, display_order integer NOT NULL,
	created timestamptz, updated timestamptz
);
CREATE TABLE {{s}}.sessions (
	id text PRIMARY KEY, code text NOT NULL,
	client text REFERENCES {{s}}.clients (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
	session_type text NOT NULL, status text NOT NULL,
	starts_at timestamptz, ends_at timestamptz, location text NOT NULL,
	room text REFERENCES {{s}}.rooms (id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED,
	event_description text NOT NULL, special_notes text NOT NULL,
	assigned_editor text REFERENCES {{s}}.users (id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED,
	subtotal numeric(12,2) NOT NULL, transportation_cost numeric(12,2) NOT NULL, discount numeric(12,2) NOT NULL,
	total numeric(12,2) NOT NULL, deposit_percentage numeric(12,2) NOT NULL, deposit_amount numeric(12,2) NOT NULL,
	estimated_editing_days integer NOT NULL, estimated_delivery_date timestamptz, changes_deadline timestamptz,
	payment_deadline timestamptz, photographer_observations text NOT NULL, editor_observations text NOT NULL,
	reported_incidents text NOT NULL, canceled_at timestamptz, cancellation_reason text NOT NULL,
	cancellation_initiator text NOT NULL, created_by text NOT NULL, updated_by text NOT NULL,
	created timestamptz, updated timestamptz
);
CREATE TABLE {{s}}.session_lines (
	id text PRIMARY KEY,
	session text REFERENCES {{s}}.sessions (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
	line_type text NOT NULL, reference_type text NOT NULL, reference_id text NOT NULL, item_code text NOT NULL,
	item_name text NOT NULL, item_description text NOT NULL, quantity numeric(12,2) NOT NULL, unit_price numeric(12,2) NOT NULL,
	line_subtotal numeric(12,2) NOT NULL, display_order integer NOT NULL, added_by text NOT NULL,
	created timestamptz, updated timestamptz
);
CREATE TABLE {{s}}.assignments (
	id text PRIMARY KEY,
	session text REFERENCES {{s}}.sessions (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
	photographer text REFERENCES {{s}}.users (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
	coverage_start timestamptz, coverage_end timestamptz, is_lead boolean NOT NULL, assignment_status text NOT NULL,
	attended boolean NOT NULL, notes text NOT NULL, created_by text NOT NULL,
	created timestamptz, updated timestamptz
);
CREATE TABLE {{s}}.payments (
	id text PRIMARY KEY,
	session text REFERENCES {{s}}.sessions (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
	payment_type text NOT NULL, amount numeric(12,2) NOT NULL, document_number text NOT NULL, method text NOT NULL,
	payment_date timestamptz, notes text NOT NULL, payment_status text NOT NULL, refund_percentage numeric(12,2) NOT NULL,
	refund_rule text NOT NULL, registered_by text NOT NULL, verified_by text NOT NULL,
	created timestamptz, updated timestamptz
);
CREATE TABLE {{s}}.status_history (
	id text PRIMARY KEY,
	session text REFERENCES {{s}}.sessions (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
	previous_status text NOT NULL, new_status text NOT NULL, reason text NOT NULL, changed_by text NOT NULL,
	created timestamptz, updated timestamptz
);

CREATE INDEX ON {{s}}.sessions (starts_at);
CREATE INDEX ON {{s}}.sessions (status, starts_at);
CREATE INDEX ON {{s}}.sessions (client);
CREATE INDEX ON {{s}}.sessions (assigned_editor);
CREATE INDEX ON {{s}}.sessions (room);
CREATE INDEX ON {{s}}.session_lines (session);
CREATE INDEX ON {{s}}.assignments (session);
CREATE INDEX ON {{s}}.assignments (photographer, coverage_start);
CREATE INDEX ON {{s}}.payments (session);
CREATE INDEX ON {{s}}.payments (payment_date);
CREATE INDEX ON {{s}}.status_history (session, created);
CREATE INDEX ON {{s}}.status_history (new_status, created);
CREATE INDEX ON {{s}}.package_items (package);
CREATE INDEX ON {{s}}.package_items (item);

-- Report tables: the app's reports (GET /api/studio/reports/...) for the
-- range in report_meta, rewritten by every run of the mirror job.
CREATE TABLE {{s}}.report_meta (
	id integer PRIMARY KEY CHECK (id = 1), range_from date NOT NULL, range_to date NOT NULL,
	timezone text NOT NULL, currency text NOT NULL, generated_at timestamptz NOT NULL
);
CREATE TABLE {{s}}.report_figures (
	report text NOT NULL, figure text NOT NULL, value numeric(14,2),
	PRIMARY KEY (report, figure)
);
CREATE TABLE {{s}}.report_sessions_by_status (status text PRIMARY KEY, sessions integer NOT NULL);
CREATE TABLE {{s}}.report_sessions_by_type (session_type text PRIMARY KEY, sessions integer NOT NULL);
CREATE TABLE {{s}}.report_sessions_by_month (month text PRIMARY KEY, sessions integer NOT NULL, canceled integer NOT NULL);
CREATE TABLE {{s}}.report_cancellations_by_client (
	client_id text PRIMARY KEY, name text NOT NULL, sessions integer NOT NULL, canceled integer NOT NULL, rate numeric(5,2)
);
CREATE TABLE {{s}}.report_financial_by_month (
	month text PRIMARY KEY, deposits numeric(14,2) NOT NULL, balances numeric(14,2) NOT NULL,
	refunds numeric(14,2) NOT NULL, net numeric(14,2) NOT NULL
);
CREATE TABLE {{s}}.report_outstanding (
	session_id text PRIMARY KEY, code text NOT NULL, client_id text NOT NULL, client_name text NOT NULL, status text NOT NULL,
	total numeric(12,2) NOT NULL, net_paid numeric(12,2) NOT NULL, outstanding numeric(12,2) NOT NULL
);
CREATE TABLE {{s}}.report_photographers (
	user_id text PRIMARY KEY, name text NOT NULL, sessions integer NOT NULL, covered_hours numeric(10,2) NOT NULL
);
CREATE TABLE {{s}}.report_editors (
	user_id text PRIMARY KEY, name text NOT NULL, sessions integer NOT NULL, average_editing_days numeric(8,2),
	on_time integer NOT NULL, on_time_rate numeric(5,2)
);

-- The studio's time zone, from the mirrored settings.
CREATE FUNCTION {{s}}.studio_tz() RETURNS text LANGUAGE sql STABLE AS $$
	SELECT COALESCE((SELECT timezone FROM {{s}}.settings WHERE timezone <> '' LIMIT 1), 'America/Guatemala')
$$;

-- Sessions by studio month of their date, type and status.
CREATE VIEW {{s}}.v_sessions_by_month AS
SELECT to_char(starts_at AT TIME ZONE {{s}}.studio_tz(), 'YYYY-MM') AS month, session_type, status, count(*) AS sessions
FROM {{s}}.sessions GROUP BY 1, 2, 3;

-- Conversion by studio month of creation: the share that ever reached
-- Confirmed (status history).
CREATE VIEW {{s}}.v_conversion_by_month AS
SELECT to_char(s.created AT TIME ZONE {{s}}.studio_tz(), 'YYYY-MM') AS month, count(*) AS created,
	count(*) FILTER (WHERE EXISTS (SELECT 1 FROM {{s}}.status_history h WHERE h.session = s.id AND h.new_status = 'Confirmed')) AS confirmed,
	round(100.0 * count(*) FILTER (WHERE EXISTS (SELECT 1 FROM {{s}}.status_history h WHERE h.session = s.id AND h.new_status = 'Confirmed')) / count(*), 2) AS rate
FROM {{s}}.sessions s GROUP BY 1;

-- Cancellation rate per client, over all its sessions.
CREATE VIEW {{s}}.v_cancellation_by_client AS
SELECT c.id AS client_id, c.full_name, count(s.id) AS sessions, count(s.id) FILTER (WHERE s.status = 'Canceled') AS canceled,
	round(100.0 * count(s.id) FILTER (WHERE s.status = 'Canceled') / NULLIF(count(s.id), 0), 2) AS rate
FROM {{s}}.clients c LEFT JOIN {{s}}.sessions s ON s.client = c.id GROUP BY c.id, c.full_name;

-- Verified payments by studio month of their payment date.
CREATE VIEW {{s}}.v_financial_by_month AS
SELECT to_char(payment_date AT TIME ZONE {{s}}.studio_tz(), 'YYYY-MM') AS month,
	COALESCE(sum(amount) FILTER (WHERE payment_type = 'Deposit'), 0.00) AS deposits,
	COALESCE(sum(amount) FILTER (WHERE payment_type = 'Balance'), 0.00) AS balances,
	COALESCE(sum(amount) FILTER (WHERE payment_type = 'Refund'), 0.00) AS refunds,
	COALESCE(sum(CASE WHEN payment_type = 'Refund' THEN -amount ELSE amount END), 0.00) AS net
FROM {{s}}.payments WHERE payment_status = 'Verified' GROUP BY 1;

-- Balances still to collect today: sessions Confirmed or later, not
-- Canceled, whose Verified net paid is below their total.
CREATE VIEW {{s}}.v_outstanding_balances AS
SELECT s.id AS session_id, s.code, s.client AS client_id, c.full_name AS client_name, s.status, s.starts_at, s.total,
	COALESCE(p.net_paid, 0) AS net_paid, s.total - COALESCE(p.net_paid, 0) AS outstanding
FROM {{s}}.sessions s
JOIN {{s}}.clients c ON c.id = s.client
LEFT JOIN (SELECT session, sum(CASE WHEN payment_type = 'Refund' THEN -amount ELSE amount END) AS net_paid
	FROM {{s}}.payments WHERE payment_status = 'Verified' GROUP BY session) p ON p.session = s.id
WHERE s.status IN ('Confirmed', 'Assigned', 'Attended', 'In Editing', 'Ready for Delivery', 'Completed')
	AND s.total - COALESCE(p.net_paid, 0) > 0;

-- Photographers per studio month of the session date: sessions Attended or
-- later where the assignment is not Reassigned, and the hours covered.
CREATE VIEW {{s}}.v_photographer_performance AS
SELECT to_char(s.starts_at AT TIME ZONE {{s}}.studio_tz(), 'YYYY-MM') AS month, a.photographer AS user_id, u.name,
	count(DISTINCT s.id) AS sessions,
	round(sum(extract(epoch FROM a.coverage_end - a.coverage_start)) / 3600, 2) AS covered_hours
FROM {{s}}.assignments a JOIN {{s}}.sessions s ON s.id = a.session LEFT JOIN {{s}}.users u ON u.id = a.photographer
WHERE a.assignment_status <> 'Reassigned' AND s.status IN ('Attended', 'In Editing', 'Ready for Delivery', 'Completed')
GROUP BY 1, 2, 3;

-- Editors per studio month of reaching Ready for Delivery: sessions, the
-- average days since the last entry into Attended, the on-time rate.
CREATE VIEW {{s}}.v_editor_performance AS
WITH ready AS (
	SELECT DISTINCT ON (h.session) h.session, h.created AS ready_at
	FROM {{s}}.status_history h WHERE h.new_status = 'Ready for Delivery' ORDER BY h.session, h.created
), timed AS (
	SELECT r.session, r.ready_at, s.assigned_editor, s.estimated_delivery_date,
		(SELECT max(h.created) FROM {{s}}.status_history h WHERE h.session = r.session AND h.new_status = 'Attended' AND h.created <= r.ready_at) AS attended_at
	FROM ready r JOIN {{s}}.sessions s ON s.id = r.session WHERE s.assigned_editor IS NOT NULL
)
SELECT to_char(t.ready_at AT TIME ZONE {{s}}.studio_tz(), 'YYYY-MM') AS month, t.assigned_editor AS user_id, u.name,
	count(*) AS sessions,
	round(avg(extract(epoch FROM t.ready_at - t.attended_at)) / 86400, 2) AS average_editing_days,
	count(*) FILTER (WHERE (t.ready_at AT TIME ZONE {{s}}.studio_tz())::date <= (t.estimated_delivery_date AT TIME ZONE {{s}}.studio_tz())::date) AS on_time,
	round(100.0 * count(*) FILTER (WHERE (t.ready_at AT TIME ZONE {{s}}.studio_tz())::date <= (t.estimated_delivery_date AT TIME ZONE {{s}}.studio_tz())::date) / count(*), 2) AS on_time_rate
FROM timed t LEFT JOIN {{s}}.users u ON u.id = t.assigned_editor
GROUP BY 1, 2, 3;
`
