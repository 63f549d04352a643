package notify

import (
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tests"
)

func envOf(m map[string]string) Getenv { return func(k string) string { return m[k] } }

func TestSMTPConfigFromEnvironment(t *testing.T) {
	app, err := tests.NewTestApp()
	if err != nil {
		t.Fatal(err)
	}
	defer app.Cleanup()

	c, err := LoadSMTPConfig(app, envOf(map[string]string{
		"STUDIO_SMTP_HOST": "smtp.example.com", "STUDIO_SMTP_TLS": "starttls", "STUDIO_SMTP_USERNAME": "u",
		"STUDIO_SMTP_PASSWORD": "p", "STUDIO_SMTP_FROM": "studio@example.com", "STUDIO_SMTP_TIMEOUT": "10s",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Host != "smtp.example.com" || c.Port != 587 || c.TLS != TLSStartTLS || c.Username != "u" ||
		c.From != "studio@example.com" || c.Timeout != 10*time.Second || c.Source != "env" || !c.Configured() {
		t.Errorf("config %+v", c)
	}
	for tls, port := range map[string]int{"tls": 465, "none": 25, "opportunistic": 25} {
		c, err := LoadSMTPConfig(app, envOf(map[string]string{"STUDIO_SMTP_HOST": "h", "STUDIO_SMTP_TLS": tls, "STUDIO_SMTP_FROM": "a@b.co"}))
		if err != nil || c.Port != port {
			t.Errorf("%s: port %d, %v", tls, c.Port, err)
		}
	}
	for name, env := range map[string]map[string]string{
		"bad tls":    {"STUDIO_SMTP_HOST": "h", "STUDIO_SMTP_TLS": "ssl3"},
		"bad port":   {"STUDIO_SMTP_HOST": "h", "STUDIO_SMTP_PORT": "70000"},
		"bad from":   {"STUDIO_SMTP_HOST": "h", "STUDIO_SMTP_FROM": "not an address"},
		"bad timout": {"STUDIO_SMTP_HOST": "h", "STUDIO_SMTP_TIMEOUT": "soon"},
	} {
		if _, err := LoadSMTPConfig(app, envOf(env)); err == nil {
			t.Errorf("%s accepted", name)
		}
	}
}

func TestSMTPConfigFallsBackToPocketBaseMailSettings(t *testing.T) {
	app, err := tests.NewTestApp()
	if err != nil {
		t.Fatal(err)
	}
	defer app.Cleanup()
	app.Settings().SMTP.Enabled = false
	c, err := LoadSMTPConfig(app, envOf(nil))
	if err != nil || c.Configured() {
		t.Fatalf("with nothing configured: %+v, %v", c, err)
	}
	app.Settings().SMTP.Enabled = true
	app.Settings().SMTP.Host = "mail.example.org"
	app.Settings().SMTP.Port = 2525
	app.Settings().SMTP.TLS = true
	app.Settings().Meta.SenderAddress = "studio@example.org"
	c, err = LoadSMTPConfig(app, envOf(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Host != "mail.example.org" || c.Port != 2525 || c.TLS != TLSImplicit || c.From != "studio@example.org" || c.Source != "pocketbase" {
		t.Errorf("fallback config %+v", c)
	}
}

func TestWorkerOptionsFromEnvironment(t *testing.T) {
	opt, err := OptionsFromEnv(envOf(map[string]string{
		"STUDIO_OUTBOX_BATCH_SIZE": "5", "STUDIO_OUTBOX_MAX_ATTEMPTS": "3", "STUDIO_OUTBOX_BASE_DELAY": "1m",
		"STUDIO_OUTBOX_MAX_DELAY": "2h", "STUDIO_OUTBOX_LEASE": "10m", "STUDIO_OUTBOX_POLL_INTERVAL": "1s",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if opt.BatchSize != 5 || opt.MaxAttempts != 3 || opt.Backoff.Base != time.Minute || opt.Backoff.Max != 2*time.Hour ||
		opt.Lease != 10*time.Minute || opt.PollInterval != time.Second {
		t.Errorf("options %+v", opt)
	}
	for _, env := range []map[string]string{{"STUDIO_OUTBOX_BATCH_SIZE": "0"}, {"STUDIO_OUTBOX_LEASE": "forever"}} {
		if _, err := OptionsFromEnv(envOf(env)); err == nil {
			t.Errorf("%v accepted", env)
		}
	}
}

func TestMessageIDIsStablePerEntry(t *testing.T) {
	m := Message{EntryID: "abc123", From: "studio@luz.example"}
	if got := m.MessageID(); got != "outbox.abc123@luz.example" {
		t.Errorf("MessageID %q", got)
	}
	if _, err := Build(Message{EntryID: "x", From: "studio@luz.example", To: "not an address"}); Classify(err) != Fatal {
		t.Errorf("invalid recipient: %v", err)
	}
}

func TestCalendarDatesAreStudioDates(t *testing.T) {
	gt, _ := time.LoadLocation("America/Guatemala")
	got, err := instant("2026-12-19", gt)
	if err != nil {
		t.Fatal(err)
	}
	if FormatDate(got, gt, "es") != "sábado, 19 de diciembre de 2026" {
		t.Errorf("date-only value shows as %q", FormatDate(got, gt, "es"))
	}
}
