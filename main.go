// Command studio is the photography studio's backend: PocketBase plus the
// studio's schema, rules, jobs and mail.
package main

import (
	"log"
	"os"
	// The studio's time zone must load where the host has no time-zone
	// database (a scratch container, a minimal VM): embed Go's copy.
	_ "time/tzdata"

	"github.com/pocketbase/pocketbase"
	"github.com/pocketbase/pocketbase/plugins/migratecmd"
	"github.com/pocketbase/pocketbase/tools/osutils"
	"github.com/spf13/cobra"

	"github.com/studio/studio/hooks"
	"github.com/studio/studio/internal/notify"
	"github.com/studio/studio/internal/seed"
	_ "github.com/studio/studio/migrations"
)

func main() {
	app := pocketbase.NewWithConfig(pocketbase.Config{DefaultDev: osutils.IsProbablyGoRun(), DBConnect: dbConnect})

	// Migrations are Go code in ./migrations; automigrate would write JS or
	// Go snapshots of dashboard edits, which this project does not keep.
	migratecmd.MustRegister(app, app.RootCmd, migratecmd.Config{Automigrate: false, Dir: "migrations", TemplateLang: migratecmd.TemplateLangGo})

	hooks.Register(app)

	// The outbox worker delivers emails while `serve` runs (not in CLI
	// commands); it is configured by STUDIO_SMTP_* and STUDIO_OUTBOX_*.
	outbox, err := notify.OptionsFromEnv(os.Getenv)
	if err != nil {
		log.Fatal(err)
	}
	notify.StartWithServe(app, outbox)

	app.RootCmd.AddCommand(seedCommand(app), outboxCommand(app))
	app.RootCmd.AddCommand(jobsCommand(app))
	app.RootCmd.AddCommand(mirrorCommand(app))

	if err := app.Start(); err != nil {
		log.Fatal(err)
	}
}

func seedCommand(app *pocketbase.PocketBase) *cobra.Command {
	var demo bool
	cmd := &cobra.Command{
		Use:          "seed",
		SilenceUsage: true,
		Short:        "Create seed data (--demo: staff, catalog, clients and sessions for trying Studio)",
		RunE: func(cmd *cobra.Command, args []string) error {
			if !demo {
				return cmd.Help()
			}
			if err := app.RunAllMigrations(); err != nil {
				return err
			}
			if err := seed.Demo(app); err != nil {
				return err
			}
			cmd.Printf("Demo data ready. Dashboard: %s / %s; staff logins are listed in the README (password %s).\n",
				seed.DemoSuperuser, seed.DemoPassword, seed.DemoPassword)
			return nil
		},
	}
	cmd.Flags().BoolVar(&demo, "demo", false, "create the demo data (idempotent)")
	return cmd
}

func outboxCommand(app *pocketbase.PocketBase) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "outbox",
		Short: "Operate the email outbox",
	}
	var allFailed bool
	retry := &cobra.Command{
		Use:          "retry <id> | --all-failed",
		SilenceUsage: true,
		Short:        "Set a Failed outbox entry (or every Failed one) back to Pending; the running server delivers it",
		RunE: func(cmd *cobra.Command, args []string) error {
			if allFailed == (len(args) == 1) || len(args) > 1 {
				return cmd.Help()
			}
			if err := app.RunAllMigrations(); err != nil {
				return err
			}
			if allFailed {
				n, err := notify.RetryAllFailed(app)
				if err != nil {
					return err
				}
				cmd.Printf("%d failed entries queued again.\n", n)
				return nil
			}
			r, err := notify.Retry(app, args[0])
			if err != nil {
				return err
			}
			cmd.Printf("Entry %s (%s to %s) queued again.\n", r.Id, r.GetString("template"), r.GetString("recipient"))
			return nil
		},
	}
	retry.Flags().BoolVar(&allFailed, "all-failed", false, "re-queue every Failed entry")
	cmd.AddCommand(retry)
	return cmd
}
