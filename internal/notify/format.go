package notify

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/studio/studio/internal/money"
)

// currencySymbols maps ISO 4217 codes to the symbol printed before an
// amount. A code not listed prints as itself ("CRC 1,250.00").
var currencySymbols = map[string]string{
	"GTQ": "Q",
	"USD": "US$",
	"EUR": "€",
	"MXN": "MX$",
	"HNL": "L",
	"CRC": "₡",
}

// CurrencySymbol is the symbol printed for an ISO 4217 currency code.
func CurrencySymbol(code string) string {
	code = strings.ToUpper(strings.TrimSpace(code))
	if s, ok := currencySymbols[code]; ok {
		return s
	}
	if code == "" {
		return "Q"
	}
	return code
}

// FormatAmount prints an amount as the studio shows money in both
// languages: symbol, a space, thousands separated by commas and two
// decimals after a point ("Q 1,250.00", "Q -20.50").
func FormatAmount(d decimal.Decimal, currency string) string {
	d = money.Round(d)
	sign := ""
	if d.IsNegative() {
		sign = "-"
		d = d.Neg()
	}
	s := d.StringFixed(money.Cents)
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return CurrencySymbol(currency) + " " + sign + b.String() + "." + frac
}

// FormatPercent prints a percentage without useless decimals ("50%", "12.5%").
func FormatPercent(d decimal.Decimal) string {
	return d.Round(2).String() + "%"
}

var (
	esWeekdays = [...]string{"domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"}
	esMonths   = [...]string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
		"agosto", "septiembre", "octubre", "noviembre", "diciembre"}
)

// FormatDate prints the calendar date of t in loc, in the language:
// "sábado, 12 de diciembre de 2026" or "Saturday, December 12, 2026".
func FormatDate(t time.Time, loc *time.Location, lang string) string {
	t = t.In(loc)
	if lang == "en" {
		return t.Format("Monday, January 2, 2006")
	}
	return fmt.Sprintf("%s, %d de %s de %d", esWeekdays[t.Weekday()], t.Day(), esMonths[t.Month()-1], t.Year())
}

// FormatTime prints the wall-clock time of t in loc: "15:30" in Spanish,
// "3:30 PM" in English.
func FormatTime(t time.Time, loc *time.Location, lang string) string {
	t = t.In(loc)
	if lang == "en" {
		return t.Format("3:04 PM")
	}
	return t.Format("15:04")
}

// FormatDateTime is FormatDate and FormatTime joined as the language does.
func FormatDateTime(t time.Time, loc *time.Location, lang string) string {
	if lang == "en" {
		return FormatDate(t, loc, lang) + " at " + FormatTime(t, loc, lang)
	}
	return FormatDate(t, loc, lang) + ", " + FormatTime(t, loc, lang) + " h"
}

// HeaderSafe makes a value safe for a mail header: every control
// character (CR and LF above all, which would start a new header) becomes a
// space, runs of spaces collapse and the ends are trimmed.
func HeaderSafe(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == '\u2028' || r == '\u2029' || r == '\u0085' {
			r = ' '
		}
		if r == ' ' {
			if space {
				continue
			}
			space = true
		} else {
			space = false
		}
		b.WriteRune(r)
	}
	return strings.TrimSpace(b.String())
}
