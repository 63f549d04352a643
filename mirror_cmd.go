package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/pocketbase/pocketbase"
	"github.com/spf13/cobra"

	"github.com/studio/studio/internal/mirror"
)

// mirrorCommand is `studio mirror sync|resync|status`: the PostgreSQL
// mirror by hand (configured by STUDIO_MIRROR_URL and STUDIO_MIRROR_*).
func mirrorCommand(app *pocketbase.PocketBase) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "mirror",
		Short: "Operate the PostgreSQL mirror (STUDIO_MIRROR_URL)",
	}
	open := func() (*mirror.Mirror, error) {
		cfg, err := mirror.ConfigFromEnv(os.Getenv)
		if err != nil {
			return nil, err
		}
		if err := app.RunAllMigrations(); err != nil {
			return nil, err
		}
		return mirror.Open(app, cfg)
	}
	printer := func(cmd *cobra.Command) mirror.Progress {
		return func(e mirror.Event) error {
			switch e.Stage {
			case "resync":
				cmd.Printf("resync: %-15s %9d rows (%d so far)\n", e.Table, e.Rows, e.Total)
			case "sync":
				cmd.Printf("sync: batch %d committed, %d rows (%d so far)\n", e.Batch, e.Rows, e.Total)
			case "reports":
				cmd.Printf("reports: %d statements written\n", e.Rows)
			}
			return nil
		}
	}
	// withReports opens the mirror, runs work on it, rewrites the report
	// tables, and prints work's summary with the time it all took.
	withReports := func(cmd *cobra.Command, work func(m *mirror.Mirror) (func(time.Duration) string, error)) error {
		m, err := open()
		if err != nil {
			return err
		}
		defer m.Close()
		start := time.Now()
		summary, err := work(m)
		if err != nil {
			return err
		}
		if err := m.WriteReports(cmd.Context(), printer(cmd)); err != nil {
			return err
		}
		cmd.Println(summary(time.Since(start).Round(time.Millisecond)))
		return nil
	}
	cmd.AddCommand(&cobra.Command{
		Use:          "sync",
		SilenceUsage: true,
		Short:        "Apply the pending change log now (building the mirror if it was never built) and rewrite the report tables",
		RunE: func(cmd *cobra.Command, args []string) error {
			return withReports(cmd, func(m *mirror.Mirror) (func(time.Duration) string, error) {
				res, err := m.Sync(cmd.Context(), printer(cmd))
				if err != nil {
					return nil, err
				}
				return func(took time.Duration) string {
					if res.Resynced {
						return fmt.Sprintf("The mirror had never been built: rebuilt from scratch in %s.", took)
					}
					return fmt.Sprintf("Applied %d changes (%d rows written, %d removed) in %d batches, %s.",
						res.Changes, res.Upserted, res.Deleted, res.Batches, took)
				}, nil
			})
		},
	})
	cmd.AddCommand(&cobra.Command{
		Use:          "resync",
		SilenceUsage: true,
		Short:        "Rebuild the mirror from scratch with COPY, printing progress, then rewrite the report tables",
		RunE: func(cmd *cobra.Command, args []string) error {
			return withReports(cmd, func(m *mirror.Mirror) (func(time.Duration) string, error) {
				res, err := m.Resync(cmd.Context(), printer(cmd))
				if err != nil {
					return nil, err
				}
				n := 0
				for _, r := range res.Rows {
					n += r
				}
				return func(took time.Duration) string {
					return fmt.Sprintf("Rebuilt schema %s: %d rows in %s (change log up to entry %d).", m.Config().Schema, n, took, res.UpTo)
				}, nil
			})
		},
	})
	cmd.AddCommand(&cobra.Command{
		Use:          "status",
		SilenceUsage: true,
		Short:        "Show the mirror's schema version, last runs, pending changes and lag",
		RunE: func(cmd *cobra.Command, args []string) error {
			m, err := open()
			if err != nil {
				return err
			}
			defer m.Close()
			ctx, cancel := context.WithTimeout(cmd.Context(), 2*mirror.ConnectTimeout)
			defer cancel()
			st, err := m.Status(ctx)
			if err != nil {
				return err
			}
			if err := st.Print(cmd.OutOrStdout()); err != nil {
				return err
			}
			if !st.Reachable {
				return fmt.Errorf("postgresql is unreachable")
			}
			return nil
		},
	})
	return cmd
}
