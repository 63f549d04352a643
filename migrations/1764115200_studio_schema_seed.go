package migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
)

// settingsFields are the columns of studio_settings (docs/rules.md §11).
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
		choice("language", true, schemaLanguages...),
	}
}

// seedSettings writes the single studio_settings record with
// schemaSettings.
func seedSettings(app core.App) error {
	c, err := app.FindCollectionByNameOrId("studio_settings")
	if err != nil {
		return err
	}
	r := core.NewRecord(c)
	for field, value := range schemaSettings {
		r.Set(field, value)
	}
	if err := app.Save(r); err != nil {
		return fmt.Errorf("seed studio settings: %w", err)
	}
	return nil
}

// seedRoles writes schemaRoles.
func seedRoles(app core.App) error {
	c, err := app.FindCollectionByNameOrId("roles")
	if err != nil {
		return err
	}
	for _, role := range schemaRoles {
		r := core.NewRecord(c)
		r.Set("name", role.name)
		r.Set("description", role.description)
		r.Set("permissions", role.permissions)
		if err := app.Save(r); err != nil {
			return fmt.Errorf("seed role %s: %w", role.name, err)
		}
	}
	return nil
}

// applyRules writes schemaRules into every collection, and the users
// collection's auth and manage rules.
func applyRules(app core.App) error {
	for name, rules := range schemaRules {
		c, err := app.FindCollectionByNameOrId(name)
		if err != nil {
			return fmt.Errorf("rules for %s: %w", name, err)
		}
		c.ListRule, c.ViewRule = rules.List, rules.View
		c.CreateRule, c.UpdateRule, c.DeleteRule = rules.Create, rules.Update, rules.Delete
		if name == "users" {
			c.AuthRule = ptrS(schemaAuthRule)
			c.ManageRule = ptrS(schemaManageRule)
		}
		if err := app.Save(c); err != nil {
			return fmt.Errorf("rules for %s: %w", name, err)
		}
	}
	return nil
}

func ptrS(s string) *string { return &s }
