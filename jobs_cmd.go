package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/pocketbase/pocketbase"
	"github.com/spf13/cobra"

	"github.com/studio/studio/internal/jobs"
	"github.com/studio/studio/internal/settings"
)

// jobsCommand is `studio jobs list` and `studio jobs run <name> [--dry-run]`:
// the scheduled jobs run by hand against --dir, recorded in job_runs like
// a scheduled run.
func jobsCommand(app *pocketbase.PocketBase) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "jobs",
		Short: "List the scheduled jobs or run one now",
	}
	list := &cobra.Command{
		Use:          "list",
		SilenceUsage: true,
		Short:        "List the jobs with their schedule (cron, studio time zone)",
		RunE: func(cmd *cobra.Command, args []string) error {
			w := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			if _, err := fmt.Fprintln(w, "NAME\tSCHEDULE\tWHAT"); err != nil {
				return err
			}
			for _, j := range jobs.Registry() {
				if _, err := fmt.Fprintf(w, "%s\t%s\t%s\n", j.Name, j.Spec, j.Description); err != nil {
					return err
				}
			}
			return w.Flush()
		},
	}
	var dry bool
	run := &cobra.Command{
		Use:          "run <name>",
		SilenceUsage: true,
		Short:        "Run a job now (--dry-run: report what it would change, change nothing)",
		Args:         cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			job, ok := jobs.Find(args[0])
			if !ok {
				return fmt.Errorf("unknown job %q; jobs are %s", args[0], strings.Join(jobs.Names(), ", "))
			}
			if err := app.RunAllMigrations(); err != nil {
				return err
			}
			s, err := jobs.Run(app, job, settings.Now(app), jobs.Options{DryRun: dry})
			cmd.Println(s.Text())
			if err == nil && s.Errors > 0 {
				// A failed unit fails the command, so scripts see it
				// (docs/rules.md §8.8).
				return fmt.Errorf("%s: %d of %d units failed", job.Name, s.Errors, s.Examined)
			}
			return err
		},
	}
	run.Flags().BoolVar(&dry, "dry-run", false, "do the work in transactions that are rolled back")
	cmd.AddCommand(list, run)
	return cmd
}
