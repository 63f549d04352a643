// Command studio is the photography studio's backend: PocketBase plus the
// studio's schema, rules, jobs and mail.
package main

import (
	"log"

	"github.com/pocketbase/pocketbase"
	"github.com/pocketbase/pocketbase/plugins/migratecmd"
	"github.com/spf13/cobra"

	"github.com/studio/studio/hooks"
	"github.com/studio/studio/internal/seed"
	_ "github.com/studio/studio/migrations"
)

func main() {
	app := pocketbase.New()

	// Migrations are Go code in ./migrations; automigrate would write JS or
	// Go snapshots of dashboard edits, which this project does not keep.
	migratecmd.MustRegister(app, app.RootCmd, migratecmd.Config{Automigrate: false, Dir: "migrations", TemplateLang: migratecmd.TemplateLangGo})

	hooks.Register(app)
	app.RootCmd.AddCommand(seedCommand(app))

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
