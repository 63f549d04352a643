package notify

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func TestFormatAmount(t *testing.T) {
	for _, c := range []struct {
		in, currency, want string
	}{
		{"1250", "GTQ", "Q 1,250.00"},
		{"0", "GTQ", "Q 0.00"},
		{"999.995", "GTQ", "Q 1,000.00"},
		{"1234567.5", "USD", "US$ 1,234,567.50"},
		{"-20.5", "GTQ", "Q -20.50"},
		{"100", "EUR", "€ 100.00"},
		{"12", "CRC", "₡ 12.00"},
		{"12", "JPY", "JPY 12.00"},
		{"12", "", "Q 12.00"},
	} {
		if got := FormatAmount(decimal.RequireFromString(c.in), c.currency); got != c.want {
			t.Errorf("FormatAmount(%s, %s) = %q, want %q", c.in, c.currency, got, c.want)
		}
	}
}

func TestFormatPercent(t *testing.T) {
	for in, want := range map[string]string{"50": "50%", "100": "100%", "12.5": "12.5%", "0": "0%"} {
		if got := FormatPercent(decimal.RequireFromString(in)); got != want {
			t.Errorf("FormatPercent(%s) = %q, want %q", in, got, want)
		}
	}
}

func TestFormatDateInStudioZone(t *testing.T) {
	gt, err := time.LoadLocation("America/Guatemala")
	if err != nil {
		t.Fatal(err)
	}
	// 02:30 UTC on the 13th is 20:30 on the 12th in Guatemala (UTC-6).
	at := time.Date(2026, 12, 13, 2, 30, 0, 0, time.UTC)
	if got, want := FormatDateTime(at, gt, "es"), "sábado, 12 de diciembre de 2026, 20:30 h"; got != want {
		t.Errorf("es: %q, want %q", got, want)
	}
	if got, want := FormatDateTime(at, gt, "en"), "Saturday, December 12, 2026 at 8:30 PM"; got != want {
		t.Errorf("en: %q, want %q", got, want)
	}
}

func TestHeaderSafe(t *testing.T) {
	for in, want := range map[string]string{
		"Studio: confirmed":                  "Studio: confirmed",
		"Ana\r\nBcc: victim@example.com":     "Ana Bcc: victim@example.com",
		"  a\tb\x00c\u2028d  ":               "a b c d",
		"line1\nline2\rline3":                "line1 line2 line3",
		"multiple   spaces\r\n\r\n kept one": "multiple spaces kept one",
	} {
		if got := HeaderSafe(in); got != want {
			t.Errorf("HeaderSafe(%q) = %q, want %q", in, got, want)
		}
	}
}
