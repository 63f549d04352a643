// Package settings reads the studio's settings (docs/rules.md §11) from the
// single studio_settings record, with the documented defaults, and holds the
// app's injectable clock.
package settings

import (
	"fmt"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/shopspring/decimal"
)

// Collection is the name of the single-record settings collection.
const Collection = "studio_settings"

// Settings are the studio's editable settings.
type Settings struct {
	StudioName                   string
	PaymentDeadlineDays          int
	ChangesDeadlineDays          int
	DefaultEditingDays           int
	DefaultDepositPercentage     decimal.Decimal
	RefundWithinDeadline         decimal.Decimal
	RefundAfterDeadline          decimal.Decimal
	RefundForceMajeure           decimal.Decimal
	RefundClientAfterAssigned    decimal.Decimal
	RemoteTransportationCost     decimal.Decimal
	MaxConcurrentEditingSessions int
	RequireFullPaymentToComplete bool
	Timezone                     string
	Currency                     string
	Language                     string
}

// Defaults are the values of docs/rules.md §11.
func Defaults() Settings {
	return Settings{
		StudioName:                   "Studio",
		PaymentDeadlineDays:          5,
		ChangesDeadlineDays:          7,
		DefaultEditingDays:           5,
		DefaultDepositPercentage:     decimal.NewFromInt(50),
		RefundWithinDeadline:         decimal.NewFromInt(100),
		RefundAfterDeadline:          decimal.NewFromInt(50),
		RefundForceMajeure:           decimal.NewFromInt(100),
		RefundClientAfterAssigned:    decimal.Zero,
		RemoteTransportationCost:     decimal.NewFromInt(200),
		MaxConcurrentEditingSessions: 10,
		RequireFullPaymentToComplete: true,
		Timezone:                     "America/Guatemala",
		Currency:                     "GTQ",
		Language:                     "es",
	}
}

// Languages are the shipped email languages.
var Languages = []string{"es", "en"}

// Record writes the settings into a studio_settings record.
func (s Settings) Record(r *core.Record) {
	r.Set("studio_name", s.StudioName)
	r.Set("payment_deadline_days", s.PaymentDeadlineDays)
	r.Set("changes_deadline_days", s.ChangesDeadlineDays)
	r.Set("default_editing_days", s.DefaultEditingDays)
	r.Set("default_deposit_percentage", s.DefaultDepositPercentage.InexactFloat64())
	r.Set("refund_within_deadline", s.RefundWithinDeadline.InexactFloat64())
	r.Set("refund_after_deadline", s.RefundAfterDeadline.InexactFloat64())
	r.Set("refund_force_majeure", s.RefundForceMajeure.InexactFloat64())
	r.Set("refund_client_after_assigned", s.RefundClientAfterAssigned.InexactFloat64())
	r.Set("remote_transportation_cost", s.RemoteTransportationCost.InexactFloat64())
	r.Set("max_concurrent_editing_sessions", s.MaxConcurrentEditingSessions)
	r.Set("require_full_payment_to_complete", s.RequireFullPaymentToComplete)
	r.Set("timezone", s.Timezone)
	r.Set("currency", s.Currency)
	r.Set("language", s.Language)
}

// FromRecord reads settings from a studio_settings record.
func FromRecord(r *core.Record) Settings {
	dec := func(f string) decimal.Decimal { return decimal.NewFromFloat(r.GetFloat(f)) }
	return Settings{
		StudioName:                   r.GetString("studio_name"),
		PaymentDeadlineDays:          r.GetInt("payment_deadline_days"),
		ChangesDeadlineDays:          r.GetInt("changes_deadline_days"),
		DefaultEditingDays:           r.GetInt("default_editing_days"),
		DefaultDepositPercentage:     dec("default_deposit_percentage"),
		RefundWithinDeadline:         dec("refund_within_deadline"),
		RefundAfterDeadline:          dec("refund_after_deadline"),
		RefundForceMajeure:           dec("refund_force_majeure"),
		RefundClientAfterAssigned:    dec("refund_client_after_assigned"),
		RemoteTransportationCost:     dec("remote_transportation_cost"),
		MaxConcurrentEditingSessions: r.GetInt("max_concurrent_editing_sessions"),
		RequireFullPaymentToComplete: r.GetBool("require_full_payment_to_complete"),
		Timezone:                     r.GetString("timezone"),
		Currency:                     r.GetString("currency"),
		Language:                     r.GetString("language"),
	}
}

// Load answers the settings record; with none (a fresh or damaged install)
// the defaults. It answers from the app's cache when BindCache turned it
// on and no save of the record is under way.
func Load(app core.App) (Settings, error) {
	c := cacheOf(app)
	if c == nil {
		return load(app)
	}
	s, ok, gen, keep := c.get()
	if ok {
		return s, nil
	}
	s, err := load(app)
	if err == nil && keep {
		c.put(s, gen)
	}
	return s, err
}

// load reads the settings record.
func load(app core.App) (Settings, error) {
	r, err := app.FindFirstRecordByFilter(Collection, "")
	if err != nil {
		if isNotFound(err) {
			return Defaults(), nil
		}
		return Settings{}, fmt.Errorf("load studio settings: %w", err)
	}
	return FromRecord(r), nil
}

// Location is the studio's time zone; an unknown name falls back to UTC
// (the settings hook refuses unknown names, so this only guards old data).
func (s Settings) Location() *time.Location {
	loc, err := loadLocation(s.Timezone)
	if err != nil {
		return time.UTC
	}
	return loc
}
