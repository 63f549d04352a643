package notify

import (
	"fmt"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/tools/types"
	"github.com/shopspring/decimal"

	"github.com/studio/studio/internal/money"
	"github.com/studio/studio/internal/payments"
	"github.com/studio/studio/internal/settings"
)

// Keys of an email intent's Data (and of the facts read from its session).
// Amounts are decimal strings ("1250.00") or numbers; dates are RFC 3339 or
// PocketBase datetimes. A key the intent leaves out is read from the
// entry's session and client when the email is rendered.
const (
	DataClientName         = "client_name"
	DataSessionCode        = "session_code"
	DataStartsAt           = "starts_at"
	DataLocation           = "location"
	DataTotal              = "total"
	DataDepositAmount      = "deposit_amount"
	DataAmountPaid         = "amount_paid"
	DataPaymentDeadline    = "payment_deadline"
	DataChangesDeadline    = "changes_deadline"
	DataRefundAmount       = "refund_amount"
	DataRefundPercentage   = "refund_percentage"
	DataRefundRule         = "refund_rule"
	DataCancellationReason = "cancellation_reason"
	// DataReason is accepted for DataCancellationReason.
	DataReason               = "reason"
	DataDeliveryDate         = "estimated_delivery_date"
	DataPreviousDeliveryDate = "previous_delivery_date"
)

// ruleLabels translate the refund rules of docs/rules.md §5.3 (the names
// internal/payments returns and stores); any other refund_rule text is
// printed as given.
var ruleLabels = map[string]map[string]string{
	"es": {
		payments.RuleBeforeConfirmation:  "cancelación antes de la confirmación: se reembolsa todo lo pagado",
		payments.RuleWithinDeadline:      "cancelación por el cliente dentro del plazo de cambios",
		payments.RuleAfterDeadline:       "cancelación por el cliente después del plazo de cambios",
		payments.RuleForceMajeure:        "cancelación por el estudio o por fuerza mayor",
		payments.RuleClientAfterAssigned: "cancelación por el cliente con recursos ya asignados",
		payments.RuleAfterAttended:       "cancelación después de realizada la sesión",
	},
	"en": {
		payments.RuleBeforeConfirmation:  "canceled before confirmation: everything paid is refunded",
		payments.RuleWithinDeadline:      "canceled by the client within the changes deadline",
		payments.RuleAfterDeadline:       "canceled by the client after the changes deadline",
		payments.RuleForceMajeure:        "canceled by the studio or by force majeure",
		payments.RuleClientAfterAssigned: "canceled by the client after resources were assigned",
		payments.RuleAfterAttended:       "canceled after the session took place",
	},
}

// RuleLabel is the sentence an email gives for a refund rule code.
func RuleLabel(rule, lang string) string {
	if l, ok := ruleLabels[lang][rule]; ok {
		return l
	}
	return rule
}

// View is what every template renders: strings already formatted in the
// studio's language, time zone and currency. html/template escapes each
// field in the HTML part.
type View struct {
	Lang                 string
	StudioName           string
	ClientName           string
	SessionCode          string
	SessionDate          string
	SessionTime          string
	Location             string
	Total                string
	DepositAmount        string
	AmountPaid           string
	BalanceDue           string
	BalanceDueNonZero    bool
	PaymentDeadline      string
	ChangesDeadline      string
	RefundAmount         string
	RefundPercentage     string
	RefundRule           string
	CancellationReason   string
	DeliveryDate         string
	PreviousDeliveryDate string
}

// NewView formats facts (Data keys to values) for lang with the studio's
// settings. It fails on a malformed amount or date, never on a missing one.
func NewView(facts map[string]any, s settings.Settings, lang string) (View, error) {
	loc := s.Location()
	v := View{
		Lang:               lang,
		StudioName:         s.StudioName,
		ClientName:         str(facts[DataClientName]),
		SessionCode:        str(facts[DataSessionCode]),
		Location:           str(facts[DataLocation]),
		CancellationReason: str(facts[DataCancellationReason]),
		RefundRule:         RuleLabel(str(facts[DataRefundRule]), lang),
	}
	if r := str(facts[DataReason]); r != "" {
		v.CancellationReason = r
	}
	amounts := map[string]*string{
		DataTotal: &v.Total, DataDepositAmount: &v.DepositAmount,
		DataAmountPaid: &v.AmountPaid, DataRefundAmount: &v.RefundAmount,
	}
	values := map[string]decimal.Decimal{}
	for key, dst := range amounts {
		d, err := amount(facts[key])
		if err != nil {
			return View{}, fmt.Errorf("%s: %w", key, err)
		}
		values[key] = d
		*dst = FormatAmount(d, s.Currency)
	}
	due := values[DataTotal].Sub(values[DataAmountPaid])
	if due.IsNegative() {
		due = decimal.Zero
	}
	v.BalanceDue = FormatAmount(due, s.Currency)
	v.BalanceDueNonZero = due.IsPositive()

	pct, err := amount(facts[DataRefundPercentage])
	if err != nil {
		return View{}, fmt.Errorf("%s: %w", DataRefundPercentage, err)
	}
	v.RefundPercentage = FormatPercent(pct)

	starts, err := instant(facts[DataStartsAt], loc)
	if err != nil {
		return View{}, fmt.Errorf("%s: %w", DataStartsAt, err)
	}
	if !starts.IsZero() {
		v.SessionDate = FormatDate(starts, loc, lang)
		v.SessionTime = FormatTime(starts, loc, lang)
	}
	dates := []struct {
		key      string
		dst      *string
		withTime bool
	}{
		{DataPaymentDeadline, &v.PaymentDeadline, true},
		{DataChangesDeadline, &v.ChangesDeadline, true},
		{DataDeliveryDate, &v.DeliveryDate, false},
		{DataPreviousDeliveryDate, &v.PreviousDeliveryDate, false},
	}
	for _, d := range dates {
		t, err := instant(facts[d.key], loc)
		if err != nil {
			return View{}, fmt.Errorf("%s: %w", d.key, err)
		}
		switch {
		case t.IsZero():
		case d.withTime:
			*d.dst = FormatDateTime(t, loc, lang)
		default:
			*d.dst = FormatDate(t, loc, lang)
		}
	}
	return v, nil
}

func str(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	default:
		return fmt.Sprint(x)
	}
}

// amount reads a decimal from a string or JSON number; empty is zero.
func amount(v any) (decimal.Decimal, error) {
	switch x := v.(type) {
	case nil:
		return decimal.Zero, nil
	case decimal.Decimal:
		return money.Round(x), nil
	case float64:
		return money.FromStored(x), nil
	case int:
		return decimal.NewFromInt(int64(x)), nil
	case int64:
		return decimal.NewFromInt(x), nil
	case string:
		if strings.TrimSpace(x) == "" {
			return decimal.Zero, nil
		}
		d, err := decimal.NewFromString(strings.TrimSpace(x))
		if err != nil {
			return decimal.Zero, fmt.Errorf("%q is not an amount", x)
		}
		return money.Round(d), nil
	default:
		return decimal.Zero, fmt.Errorf("%T is not an amount", v)
	}
}

// instant reads a time from a time.Time, types.DateTime, RFC 3339 or
// PocketBase datetime string, or a calendar date ("2026-12-10", taken in
// the studio's zone loc); empty is the zero time.
func instant(v any, loc *time.Location) (time.Time, error) {
	switch x := v.(type) {
	case nil:
		return time.Time{}, nil
	case time.Time:
		return x, nil
	case types.DateTime:
		return x.Time(), nil
	case string:
		if strings.TrimSpace(x) == "" {
			return time.Time{}, nil
		}
		if t, err := time.Parse(time.RFC3339Nano, x); err == nil {
			return t, nil
		}
		if t, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(x), loc); err == nil {
			return t, nil
		}
		dt, err := types.ParseDateTime(x)
		if err != nil || dt.IsZero() {
			return time.Time{}, fmt.Errorf("%q is not a date", x)
		}
		return dt.Time(), nil
	default:
		return time.Time{}, fmt.Errorf("%T is not a date", v)
	}
}
