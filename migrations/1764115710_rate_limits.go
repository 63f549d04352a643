package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// studioRateLimits are the limits a new studio starts with, per client
// address (PocketBase's rule labels; an Admin tunes them in the dashboard,
// Settings → Rate limiting). Superusers are never limited. The order
// matters where prefixes overlap: the first matching rule applies.
var studioRateLimits = []core.RateLimitRule{
	// Logins (password, OTP, OAuth2), per auth collection: enough for a
	// whole office signing in at once behind one address, far below a
	// password guessing run.
	{Label: "*:auth", MaxRequests: 20, Duration: 60},
	// Auth actions that send an email.
	{Label: "*:requestOTP", MaxRequests: 5, Duration: 60},
	{Label: "*:requestPasswordReset", MaxRequests: 5, Duration: 60},
	{Label: "*:requestVerification", MaxRequests: 5, Duration: 60},
	{Label: "*:requestEmailChange", MaxRequests: 5, Duration: 60},
	// Auth actions that redeem a token.
	{Label: "*:confirmPasswordReset", MaxRequests: 10, Duration: 60},
	{Label: "*:confirmVerification", MaxRequests: 10, Duration: 60},
	{Label: "*:confirmEmailChange", MaxRequests: 10, Duration: 60},
	// The calendar feed: its URL is the credential; calendar apps poll it
	// every few minutes.
	{Label: "GET /api/studio/calendar/", MaxRequests: 30, Duration: 60},
	// Everything else under /api/, per client.
	{Label: "/api/", MaxRequests: 300, Duration: 10},
}

// Rate limits are on from the first start (docs/rules.md §11).
func init() {
	m.Register(func(app core.App) error {
		s := app.Settings()
		s.RateLimits.Enabled = true
		s.RateLimits.Rules = studioRateLimits
		return app.Save(s)
	}, func(app core.App) error {
		s := app.Settings()
		s.RateLimits.Enabled = false
		return app.Save(s)
	})
}
