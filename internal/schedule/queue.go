package schedule

import (
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/model"
	"github.com/studio/studio/internal/rbac"
	"github.com/studio/studio/internal/settings"
)

// Queue is the editing queue: the Attended sessions by urgency and every
// Active editor's load against the studio's limit.
type Queue struct {
	Sessions []QueueEntry `json:"sessions"`
	Editors  []EditorLoad `json:"editors"`
	Max      int          `json:"max_concurrent_editing_sessions"`
}

type queueRow struct {
	ID       string `db:"id"`
	Code     string `db:"code"`
	Client   string `db:"client_name"`
	Type     string `db:"session_type"`
	Starts   string `db:"starts_at"`
	Ends     string `db:"ends_at"`
	Delivery string `db:"estimated_delivery_date"`
	Days     int    `db:"estimated_editing_days"`
}

// EditingQueue answers the queue to actor: editors (session.mark-ready)
// and whoever sees all sessions (session.view.all: coordinators, admins)
// may read it.
func EditingQueue(app core.App, actor *rbac.Actor) (*Queue, error) {
	if !actor.CanAny(rbac.SessionMarkReady, rbac.SessionViewAll) {
		return nil, domain.Forbidden(rbac.SessionMarkReady)
	}
	st, err := settings.Load(app)
	if err != nil {
		return nil, err
	}
	var rows []queueRow
	err = app.DB().NewQuery(`SELECT s.id, s.code, COALESCE(c.full_name, '') AS client_name, s.session_type,
		s.starts_at, s.ends_at, s.estimated_delivery_date, s.estimated_editing_days
		FROM ` + model.Sessions + ` s LEFT JOIN clients c ON c.id = s.client WHERE s.status = {:attended}`).
		Bind(dbx.Params{"attended": domain.StatusAttended}).All(&rows)
	if err != nil {
		return nil, fmt.Errorf("editing queue: %w", err)
	}
	queue := make([]QueueEntry, len(rows))
	for i, r := range rows {
		queue[i] = QueueEntry{ID: r.ID, Code: r.Code, ClientName: r.Client, SessionType: r.Type,
			StartsAt: ParseDBTime(r.Starts), EndsAt: ParseDBTime(r.Ends), EstimatedDeliveryDate: ParseDBTime(r.Delivery),
			EstimatedEditingDays: r.Days}
		if !queue[i].EstimatedDeliveryDate.IsZero() {
			queue[i].Delivery = queue[i].EstimatedDeliveryDate.UTC().Format(time.RFC3339)
		}
	}
	SortQueue(queue)

	var editors []struct {
		ID    string `db:"id"`
		Name  string `db:"name"`
		Count int    `db:"n"`
	}
	err = app.DB().NewQuery(`SELECT u.id, u.name,
		(SELECT COUNT(*) FROM ` + model.Sessions + ` s WHERE s.assigned_editor = u.id AND s.status = {:editing}) AS n
		FROM users u WHERE u.status = {:active} AND ` + rbac.HoldsRoleSQL + `
		ORDER BY u.name, u.id`).
		Bind(dbx.Params{"editing": domain.StatusInEditing, "active": domain.Active, "role": rbac.RoleEditor}).All(&editors)
	if err != nil {
		return nil, fmt.Errorf("editor loads: %w", err)
	}
	loads := make([]EditorLoad, len(editors))
	for i, ed := range editors {
		loads[i] = Load(ed.ID, ed.Name, ed.Count, st.MaxConcurrentEditingSessions)
	}
	return &Queue{Sessions: queue, Editors: loads, Max: st.MaxConcurrentEditingSessions}, nil
}
