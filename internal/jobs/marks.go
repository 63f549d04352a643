package jobs

import (
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/studio/studio/internal/schedule"
)

// MarksCollection holds what a job did once and must not do again (a
// reminder for a given deadline, an alert for a given session): the mark
// is written in the same transaction as the email or notification, and a
// unique index on (job, key) refuses a second one, so no rerun, restart or
// concurrent run repeats it.
const MarksCollection = "job_marks"

// marked reports whether job already did key.
func marked(tx core.App, job, key string) (bool, error) {
	var n int
	err := tx.DB().Select("count(*)").From(MarksCollection).Where(dbx.HashExp{"job": job, "key": key}).Row(&n)
	if err != nil {
		return false, fmt.Errorf("read mark %s %s: %w", job, key, err)
	}
	return n > 0, nil
}

// mark records that job did key.
func mark(tx core.App, job, key string) error {
	c, err := tx.FindCachedCollectionByNameOrId(MarksCollection)
	if err != nil {
		return err
	}
	r := core.NewRecord(c)
	r.Set("job", job)
	r.Set("key", key)
	if err := tx.Save(r); err != nil {
		return fmt.Errorf("write mark %s %s: %w", job, key, err)
	}
	return nil
}

// dbTime formats t as PocketBase stores datetimes, so that SQL string
// comparisons order correctly.
func dbTime(t time.Time) string { return t.UTC().Format(types.DefaultDateLayout) }

// ids runs a query answering one id column.
func ids(app core.App, query string, params dbx.Params) ([]string, error) {
	var out []string
	if err := app.DB().NewQuery(query).Bind(params).Column(&out); err != nil {
		return nil, err
	}
	return out, nil
}

// sessionState reads a session's status and one of its deadlines without
// building a record (each unit re-checks its session before the
// transition, which loads it in full).
func sessionState(tx core.App, id, deadlineField string) (status string, deadline time.Time, err error) {
	var raw string
	err = tx.DB().Select("status", deadlineField).From("sessions").Where(dbx.HashExp{"id": id}).Row(&status, &raw)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("session %s: %w", id, err)
	}
	return status, schedule.ParseDBTime(raw), nil
}
