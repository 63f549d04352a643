package schedule

import (
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/security"

	"github.com/studio/studio/internal/domain"
	"github.com/studio/studio/internal/lifecycle"
	"github.com/studio/studio/internal/model"
	"github.com/studio/studio/internal/rbac"
	"github.com/studio/studio/internal/settings"
)

// ErrNoFeed answers a calendar token that is unknown, rotated away, or of
// a user no longer Active.
var ErrNoFeed = errors.New("no calendar feed for this token")

// FeedByToken renders the iCalendar feed of the token's owner (see
// FeedEvents), or ErrNoFeed.
func FeedByToken(app core.App, token string) (string, error) {
	if token == "" {
		return "", ErrNoFeed
	}
	user, err := app.FindFirstRecordByData("users", "calendar_token", token)
	if err != nil || user.GetString("status") != domain.Active {
		return "", ErrNoFeed
	}
	actor, err := rbac.ActorFor(app, user)
	if err != nil {
		return "", err
	}
	st, err := settings.Load(app)
	if err != nil {
		return "", err
	}
	events, err := FeedEvents(app, user.Id, actor.Can(rbac.SessionViewAll), st.Location())
	if err != nil {
		return "", err
	}
	return Calendar(st.StudioName+" – "+user.GetString("name"), settings.Now(app), events), nil
}

// CalendarToken answers the user's feed token, creating one on first use
// (or a new one, which retires the old, when rotate is set).
func CalendarToken(app core.App, user *core.Record, rotate bool) (string, error) {
	if token := user.GetString("calendar_token"); token != "" && !rotate {
		return token, nil
	}
	token := security.RandomString(40)
	user.Set("calendar_token", token)
	if err := app.Save(user); err != nil {
		return "", fmt.Errorf("rotate calendar token: %w", err)
	}
	return token, nil
}

type feedRow struct {
	ID          string `db:"id"`
	Session     string `db:"session"`
	Code        string `db:"code"`
	Type        string `db:"session_type"`
	Status      string `db:"status"`
	Start       string `db:"start"`
	End         string `db:"end"`
	Location    string `db:"location"`
	Room        string `db:"room_name"`
	Description string `db:"event_description"`
	Lead        bool   `db:"is_lead"`
	Delivery    string `db:"estimated_delivery_date"`
	Days        int    `db:"estimated_editing_days"`
}

func (r feedRow) place() string {
	if r.Location != "" {
		return r.Location
	}
	if r.Room != "" {
		return "Studio – " + r.Room
	}
	return ""
}

func eventStatus(status string) string {
	switch status {
	case domain.StatusRequest, domain.StatusNegotiation, domain.StatusPreScheduled:
		return "TENTATIVE"
	}
	return "CONFIRMED"
}

// FeedEvents gathers what concerns a user: their assignments (coverage
// times), the delivery deadlines of the sessions they edit, and, for
// holders of session.view.all, every open session. No client data is put
// in a feed.
func FeedEvents(app core.App, userID string, all bool, loc *time.Location) ([]Event, error) {
	var events []Event
	var rows []feedRow
	err := app.DB().NewQuery(`SELECT a.id, s.id AS session, s.code, s.session_type, s.status, a.coverage_start AS start,
		a.coverage_end AS end, s.location, COALESCE(r.name, '') AS room_name, s.event_description, a.is_lead,
		'' AS estimated_delivery_date, 0 AS estimated_editing_days
		FROM ` + model.SessionPhotographers + ` a JOIN ` + model.Sessions + ` s ON s.id = a.session LEFT JOIN rooms r ON r.id = s.room
		WHERE a.photographer = {:user} AND a.assignment_status != {:reassigned} AND s.status != {:canceled}`).
		Bind(dbx.Params{"user": userID, "reassigned": domain.AssignmentReassigned, "canceled": domain.StatusCanceled}).All(&rows)
	if err != nil {
		return nil, fmt.Errorf("feed assignments: %w", err)
	}
	for _, r := range rows {
		summary := r.Code + " · " + r.Type + " session"
		if r.Lead {
			summary += " (lead)"
		}
		events = append(events, Event{UID: r.ID + "@studio", Start: ParseDBTime(r.Start), End: ParseDBTime(r.End),
			Summary: summary, Location: r.place(), Description: r.Description, Status: eventStatus(r.Status)})
	}

	rows = nil
	err = app.DB().NewQuery(`SELECT s.id, s.id AS session, s.code, s.session_type, s.status, s.starts_at AS start,
		s.ends_at AS end, s.location, '' AS room_name, '' AS event_description, 0 AS is_lead,
		s.estimated_delivery_date, s.estimated_editing_days
		FROM ` + model.Sessions + ` s WHERE s.assigned_editor = {:user} AND s.status = {:editing}`).
		Bind(dbx.Params{"user": userID, "editing": domain.StatusInEditing}).All(&rows)
	if err != nil {
		return nil, fmt.Errorf("feed editing deadlines: %w", err)
	}
	for _, r := range rows {
		due := ParseDBTime(r.Delivery)
		if due.IsZero() {
			due = lifecycle.DeliveryDate(ParseDBTime(r.Start), r.Days, loc)
		}
		day := due.In(loc)
		date := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
		events = append(events, Event{UID: r.ID + "-delivery@studio", Start: date, End: date.AddDate(0, 0, 1), AllDay: true,
			Summary: "Delivery due: " + r.Code, Description: "Editing deadline of session " + r.Code + ".", Status: "CONFIRMED"})
	}

	if all {
		rows = nil
		err = app.DB().NewQuery(`SELECT s.id, s.id AS session, s.code, s.session_type, s.status, s.starts_at AS start,
			s.ends_at AS end, s.location, COALESCE(r.name, '') AS room_name, s.event_description, 0 AS is_lead,
			'' AS estimated_delivery_date, 0 AS estimated_editing_days
			FROM ` + model.Sessions + ` s LEFT JOIN rooms r ON r.id = s.room
			WHERE s.status NOT IN ({:canceled}, {:completed})`).
			Bind(dbx.Params{"canceled": domain.StatusCanceled, "completed": domain.StatusCompleted}).All(&rows)
		if err != nil {
			return nil, fmt.Errorf("feed open sessions: %w", err)
		}
		for _, r := range rows {
			events = append(events, Event{UID: r.ID + "@studio", Start: ParseDBTime(r.Start), End: ParseDBTime(r.End),
				Summary: r.Code + " · " + r.Type + " · " + r.Status, Location: r.place(), Description: r.Description,
				Status: eventStatus(r.Status)})
		}
	}
	sort.SliceStable(events, func(i, j int) bool {
		if !events[i].Start.Equal(events[j].Start) {
			return events[i].Start.Before(events[j].Start)
		}
		return events[i].UID < events[j].UID
	})
	return events, nil
}
