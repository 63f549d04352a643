// Package jobs holds the studio's scheduled jobs (docs/rules.md §8 and the
// high-risk rule of docs/rules.md §3): named functions taking an app, a now and options,
// each returning a run summary. The same functions run from PocketBase's
// cron (hooks/cron.go), from `studio jobs run` and from
// POST /api/studio/jobs/{name}/run; Run records every run in job_runs.
package jobs

import (
	"fmt"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// Options tune one run.
type Options struct {
	// DryRun does every unit's work in a transaction that is then rolled
	// back: the summary tells what a real run would change, and nothing
	// is written but the job_runs row.
	DryRun bool
	// AfterEach, when set, is called after each unit of work (a session,
	// a client, an anomaly) has been committed or rolled back, with the
	// unit's id; the crash test uses it to stop the process mid-run.
	AfterEach func(unit string)
}

// Summary is what one run did.
type Summary struct {
	Job      string    `json:"job"`
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished"`
	DryRun   bool      `json:"dry_run"`
	// Examined counts the units the job looked at.
	Examined int `json:"examined"`
	// Changed counts the units it changed (or would change, in a dry run).
	Changed int `json:"changed"`
	// Skipped counts the units it looked at and left as they were.
	Skipped int `json:"skipped"`
	// Errors counts the units whose work failed and was rolled back.
	Errors int `json:"errors"`
	// Notes are short lines on what was done, one per change or failure
	// (at most maxNotes kept).
	Notes []string `json:"notes"`
}

// maxNotes bounds the notes a summary keeps (a night with thousands of
// changes still stores a short summary; the counts stay exact).
const maxNotes = 50

func (s *Summary) note(format string, args ...any) {
	if len(s.Notes) < maxNotes {
		s.Notes = append(s.Notes, fmt.Sprintf(format, args...))
	} else if len(s.Notes) == maxNotes {
		s.Notes = append(s.Notes, "…")
	}
}

// Line is the one-line account of the run: counts and duration.
func (s Summary) Line() string {
	dry := ""
	if s.DryRun {
		dry = " (dry run: nothing written)"
	}
	return fmt.Sprintf("%s: examined %d, changed %d, skipped %d, errors %d in %s%s",
		s.Job, s.Examined, s.Changed, s.Skipped, s.Errors, s.Finished.Sub(s.Started).Round(time.Millisecond), dry)
}

// Text is the line followed by the notes, one per line.
func (s Summary) Text() string {
	if len(s.Notes) == 0 {
		return s.Line()
	}
	return s.Line() + "\n  " + strings.Join(s.Notes, "\n  ")
}

// Func is a job body: it examines the data as of now and does its work one
// unit per transaction.
type Func func(app core.App, now time.Time, opts Options) (Summary, error)

// Job is a registered job.
type Job struct {
	// Name is the job's id in the CLI, the API, job_runs and the cron.
	Name string
	// Spec is the cron expression, in the studio's time zone.
	Spec string
	// Description says what the job does.
	Description string
	// Run is the body.
	Run Func
}

// Job names.
const (
	AutoCancelUnpaidName = "auto-cancel-unpaid"
	AutoAssignName       = "auto-assign"
	PaymentRemindersName = "payment-reminders"
	IntegrityCheckName   = "integrity-check"
	HighRiskClientsName  = "high-risk-clients"
)

// Registry lists every job with its schedule (docs/rules.md §8).
func Registry() []Job {
	return []Job{
		{AutoCancelUnpaidName, "0 0 * * *", "Pre-scheduled sessions past their payment deadline → Canceled (initiator system)", AutoCancelUnpaid},
		{AutoAssignName, "0 0 * * *", "Confirmed sessions past their changes deadline → Assigned; without resources, coordinators alerted once", AutoAssign},
		{PaymentRemindersName, "0 9 * * *", "payment reminder email, once, to Pre-scheduled sessions whose deadline ends today or tomorrow", PaymentReminders},
		{IntegrityCheckName, "0 2 * * *", "broken invariants recorded as anomalies; new ones alert admins, fixed ones are closed", IntegrityCheck},
		{HighRiskClientsName, "30 2 * * *", "client high_risk flag set and unset by the rule; coordinators alerted when a client becomes high risk", HighRiskClients},
	}
}

// Find returns the registered job of that name.
func Find(name string) (Job, bool) {
	for _, j := range Registry() {
		if j.Name == name {
			return j, true
		}
	}
	return Job{}, false
}

// Names lists the registered job names.
func Names() []string {
	var out []string
	for _, j := range Registry() {
		out = append(out, j.Name)
	}
	return out
}
