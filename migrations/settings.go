package migrations

import (
	"fmt"
	"slices"

	"github.com/pocketbase/pocketbase/core"

	"github.com/studio/studio/internal/rbac"
	"github.com/studio/studio/internal/settings"
)

// settingsFields are the columns of studio_settings (domain.md §11).
func settingsFields() []core.Field {
	pct := func(name string) core.Field {
		return &core.NumberField{Name: name, Min: ptrF(0), Max: ptrF(100)}
	}
	return []core.Field{
		text("studio_name", true, 200),
		count("payment_deadline_days", true, 1, 365),
		count("changes_deadline_days", false, 0, 365),
		count("default_editing_days", true, 1, 365),
		pct("default_deposit_percentage"),
		pct("refund_within_deadline"),
		pct("refund_after_deadline"),
		pct("refund_force_majeure"),
		pct("refund_client_after_assigned"),
		money("remote_transportation_cost", false),
		count("max_concurrent_editing_sessions", true, 1, 1000),
		flag("require_full_payment_to_complete"),
		text("timezone", true, 60),
		text("currency", true, 3),
		choice("language", true, settings.Languages...),
	}
}

func seedSettings(app core.App) error {
	c, err := app.FindCollectionByNameOrId(settings.Collection)
	if err != nil {
		return err
	}
	r := core.NewRecord(c)
	settings.Defaults().Record(r)
	if err := app.Save(r); err != nil {
		return fmt.Errorf("seed studio settings: %w", err)
	}
	return nil
}

func seedRoles(app core.App) error {
	c, err := app.FindCollectionByNameOrId("roles")
	if err != nil {
		return err
	}
	for _, name := range rbac.RoleNames {
		r := core.NewRecord(c)
		r.Set("name", name)
		r.Set("description", rbac.RoleDescriptions[name])
		r.Set("permissions", rbac.DefaultRoles[name])
		if err := app.Save(r); err != nil {
			return fmt.Errorf("seed role %s: %w", name, err)
		}
	}
	return nil
}

// applyRules writes rbac.CollectionRules into every collection the schema
// migration creates (later migrations apply the rules of their own
// collections).
func applyRules(app core.App) error {
	for name, rules := range rbac.CollectionRules() {
		if name != "users" && !slices.Contains(studioCollections, name) {
			continue
		}
		c, err := app.FindCollectionByNameOrId(name)
		if err != nil {
			return fmt.Errorf("rules for %s: %w", name, err)
		}
		c.ListRule, c.ViewRule = rules.List, rules.View
		c.CreateRule, c.UpdateRule, c.DeleteRule = rules.Create, rules.Update, rules.Delete
		if name == "users" {
			c.AuthRule = ptrS(rbac.AuthRule)
			c.ManageRule = ptrS(rbac.ManageRule)
		}
		if err := app.Save(c); err != nil {
			return fmt.Errorf("rules for %s: %w", name, err)
		}
	}
	return nil
}

func ptrS(s string) *string { return &s }
