package migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// The scheduled jobs' state: job_runs (one row per run), job_marks (what a
// job did once and must never do again: a reminder, an alert) and
// integrity_anomalies (what the integrity check found, open or closed).
// Frozen history: the rule below is written out as it stood when this
// migration was made.
func init() {
	m.Register(createJobCollections, dropJobCollections)
}

// jobsAdminRule is "an Active staff member holding system.settings".
const jobsAdminRule = `@request.auth.collectionName = "users" && @request.auth.status = "Active" && (@request.auth.permissions ~ '"system.settings"')`

func createJobCollections(app core.App) error {
	admins := jobsAdminRule
	runs := newCollection("job_runs",
		text("job", true, 60),
		date("started", true),
		date("finished", false),
		count("examined", false, 0, 1e9),
		count("changed", false, 0, 1e9),
		count("skipped", false, 0, 1e9),
		count("errors", false, 0, 1e9),
		longText("summary"),
		flag("dry_run"),
	)
	runs.ListRule, runs.ViewRule = &admins, &admins
	runs.AddIndex("idx_job_runs_job", false, "job, started", "")

	marks := newCollection("job_marks",
		text("job", true, 60),
		text("key", true, 200),
	)
	marks.AddIndex("idx_job_marks_key", true, "job, key", "")

	sessions, err := app.FindCollectionByNameOrId("sessions")
	if err != nil {
		return err
	}
	anomalies := newCollection("integrity_anomalies",
		text("kind", true, 60),
		text("key", true, 300),
		&core.RelationField{Name: "session", CollectionId: sessions.Id, MaxSelect: 1},
		longText("details"),
		choice("status", true, "Open", "Closed"),
		date("first_seen", true),
		date("closed_at", false),
	)
	anomalies.ListRule, anomalies.ViewRule = &admins, &admins
	anomalies.AddIndex("idx_anomalies_open_key", true, "key", "status = 'Open'")
	anomalies.AddIndex("idx_anomalies_status", false, "status, kind", "")

	for _, c := range []*core.Collection{runs, marks, anomalies} {
		if err := app.Save(c); err != nil {
			return fmt.Errorf("create collection %s: %w", c.Name, err)
		}
	}
	return nil
}

func dropJobCollections(app core.App) error {
	for _, name := range []string{"integrity_anomalies", "job_marks", "job_runs"} {
		c, err := app.FindCollectionByNameOrId(name)
		if err != nil {
			continue
		}
		if err := app.Delete(c); err != nil {
			return fmt.Errorf("drop collection %s: %w", name, err)
		}
	}
	return nil
}
