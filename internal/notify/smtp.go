package notify

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net/mail"
	"os"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
	"github.com/wneessen/go-mail/smtp"

	"github.com/pocketbase/pocketbase/core"
)

// TLS modes of STUDIO_SMTP_TLS.
const (
	TLSNone          = "none"
	TLSStartTLS      = "starttls"
	TLSImplicit      = "tls"
	TLSOpportunistic = "opportunistic"
)

// SMTPConfig is where and how the worker sends mail.
type SMTPConfig struct {
	Host     string
	Port     int
	Username string
	Password string
	// TLS is one of TLSNone, TLSStartTLS, TLSImplicit, TLSOpportunistic.
	TLS string
	// From is the sender address (STUDIO_SMTP_FROM, else PocketBase's
	// sender address); FromName its display name (STUDIO_SMTP_FROM_NAME,
	// else the studio's name from the settings).
	From     string
	FromName string
	// HELO is the name given in EHLO (go-mail's default when empty).
	HELO string
	// Timeout bounds the connection and every SMTP command.
	Timeout time.Duration
	// InsecureSkipVerify accepts any server certificate (test servers only).
	InsecureSkipVerify bool
	// Source tells where the configuration came from ("env" or "pocketbase").
	Source string
}

// Configured reports whether mail can be sent at all.
func (c SMTPConfig) Configured() bool { return c.Host != "" && c.From != "" }

// Getenv reads one environment variable (os.Getenv in production).
type Getenv func(string) string

// LoadSMTPConfig reads STUDIO_SMTP_* from env; without STUDIO_SMTP_HOST it
// falls back to PocketBase's mail settings (dashboard > Settings > Mail)
// when those are enabled. STUDIO_SMTP_FROM overrides the sender in both.
func LoadSMTPConfig(app core.App, env Getenv) (SMTPConfig, error) {
	if env == nil {
		env = os.Getenv
	}
	var c SMTPConfig
	if host := strings.TrimSpace(env("STUDIO_SMTP_HOST")); host != "" {
		c = SMTPConfig{
			Host:     host,
			Username: env("STUDIO_SMTP_USERNAME"),
			Password: env("STUDIO_SMTP_PASSWORD"),
			TLS:      strings.ToLower(strings.TrimSpace(env("STUDIO_SMTP_TLS"))),
			HELO:     env("STUDIO_SMTP_HELO"),
			Source:   "env",
		}
		if c.TLS == "" {
			c.TLS = TLSOpportunistic
		}
		if p := strings.TrimSpace(env("STUDIO_SMTP_PORT")); p != "" {
			port, err := strconv.Atoi(p)
			if err != nil || port < 1 || port > 65535 {
				return SMTPConfig{}, fmt.Errorf("STUDIO_SMTP_PORT %q is not a port", p)
			}
			c.Port = port
		}
	} else if s := app.Settings(); s.SMTP.Enabled && s.SMTP.Host != "" {
		c = SMTPConfig{
			Host: s.SMTP.Host, Port: s.SMTP.Port,
			Username: s.SMTP.Username, Password: s.SMTP.Password,
			TLS: TLSOpportunistic, HELO: s.SMTP.LocalName, Source: "pocketbase",
		}
		if s.SMTP.TLS {
			c.TLS = TLSImplicit
		}
	}
	if c.Host == "" {
		return SMTPConfig{}, nil
	}
	c.From = app.Settings().Meta.SenderAddress
	if f := strings.TrimSpace(env("STUDIO_SMTP_FROM")); f != "" {
		c.From = f
	}
	if n := strings.TrimSpace(env("STUDIO_SMTP_FROM_NAME")); n != "" {
		c.FromName = n
	}
	c.InsecureSkipVerify = env("STUDIO_SMTP_INSECURE_SKIP_VERIFY") == "true"
	c.Timeout = 30 * time.Second
	if t := strings.TrimSpace(env("STUDIO_SMTP_TIMEOUT")); t != "" {
		d, err := time.ParseDuration(t)
		if err != nil || d <= 0 {
			return SMTPConfig{}, fmt.Errorf("STUDIO_SMTP_TIMEOUT %q is not a duration", t)
		}
		c.Timeout = d
	}
	switch c.TLS {
	case TLSNone, TLSStartTLS, TLSImplicit, TLSOpportunistic:
	default:
		return SMTPConfig{}, fmt.Errorf("STUDIO_SMTP_TLS %q: use none, starttls, tls or opportunistic", c.TLS)
	}
	if c.Port == 0 {
		c.Port = map[string]int{TLSImplicit: 465, TLSStartTLS: 587}[c.TLS]
		if c.Port == 0 {
			c.Port = 25
		}
	}
	if _, err := mail.ParseAddress(c.From); err != nil {
		return SMTPConfig{}, fmt.Errorf("sender address %q: %w", c.From, err)
	}
	return c, nil
}

// Message is one email for the Sender.
type Message struct {
	// EntryID is the outbox entry; it names the message (Message-ID and
	// X-Studio-Outbox) so a resend after a crash is recognisable.
	EntryID  string
	From     string
	FromName string
	To       string
	Rendered
}

// MessageID is the Message-ID every attempt of an entry carries (without
// the angle brackets): the same id for a resend, so a duplicate delivered
// after a crash is the same message to the receiving side.
func (m Message) MessageID() string {
	domain := "studio.local"
	if at := strings.LastIndex(m.From, "@"); at >= 0 && at < len(m.From)-1 {
		domain = strings.Trim(m.From[at+1:], "<> ")
	}
	return "outbox." + m.EntryID + "@" + domain
}

// Sender delivers a batch of messages; report is called once per message,
// in order, as soon as its fate is known. When ctx is done before a message
// is started, that message is reported with ErrReleased.
type Sender interface {
	Send(ctx context.Context, msgs []Message, report func(i int, err error))
}

// ErrReleased marks a message that was not attempted because the worker
// is stopping.
var ErrReleased = errors.New("released before sending: the worker is stopping")

// GoMailSender sends over SMTP with github.com/wneessen/go-mail: one
// connection per batch.
type GoMailSender struct {
	Config SMTPConfig
}

func (s GoMailSender) client() (*gomail.Client, error) {
	c := s.Config
	opts := []gomail.Option{gomail.WithPort(c.Port), gomail.WithTimeout(c.Timeout)}
	switch c.TLS {
	case TLSNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	case TLSStartTLS:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	case TLSImplicit:
		opts = append(opts, gomail.WithSSL())
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	}
	if c.InsecureSkipVerify {
		opts = append(opts, gomail.WithTLSConfig(&tls.Config{InsecureSkipVerify: true, ServerName: c.Host})) //nolint:gosec // opt-in for test servers
	}
	if c.HELO != "" {
		opts = append(opts, gomail.WithHELO(c.HELO))
	}
	if c.Username != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(c.Username), gomail.WithPassword(c.Password))
	}
	return gomail.NewClient(c.Host, opts...)
}

// Build turns a Message into a go-mail message. An invalid recipient or
// sender is a permanent error.
func Build(m Message) (*gomail.Msg, error) {
	msg := gomail.NewMsg()
	to := strings.TrimSpace(m.To)
	if strings.ContainsAny(to, "\r\n") {
		return nil, Permanent(fmt.Errorf("recipient %q holds a line break", to))
	}
	addr, err := mail.ParseAddress(to)
	if err != nil {
		return nil, Permanent(fmt.Errorf("recipient %q: %w", to, err))
	}
	if err := msg.To(addr.Address); err != nil {
		return nil, Permanent(fmt.Errorf("recipient %q: %w", to, err))
	}
	if name := HeaderSafe(m.FromName); name != "" {
		err = msg.FromFormat(name, m.From)
	} else {
		err = msg.From(m.From)
	}
	if err != nil {
		return nil, Permanent(fmt.Errorf("sender %q: %w", m.From, err))
	}
	msg.Subject(HeaderSafe(m.Subject))
	msg.SetMessageIDWithValue(m.MessageID())
	msg.SetGenHeader("X-Studio-Outbox", m.EntryID)
	msg.SetDate()
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	return msg, nil
}

// Send implements Sender.
func (s GoMailSender) Send(ctx context.Context, msgs []Message, report func(int, error)) {
	built := make([]*gomail.Msg, len(msgs))
	var todo []int
	for i, m := range msgs {
		b, err := Build(m)
		if err != nil {
			report(i, err)
			continue
		}
		built[i] = b
		todo = append(todo, i)
	}
	if len(todo) == 0 {
		return
	}
	client, conn, err := s.dial(ctx)
	if err != nil {
		for _, i := range todo {
			report(i, err)
		}
		return
	}
	defer func() { _ = client.CloseWithSMTPClient(conn) }()
	for _, i := range todo {
		if ctx.Err() != nil {
			report(i, ErrReleased)
			continue
		}
		report(i, client.SendWithSMTPClient(conn, built[i]))
	}
}

// dial opens one SMTP connection. A stopping worker (ctx done) does not
// interrupt it: the dial is bounded by the configured timeout only.
func (s GoMailSender) dial(ctx context.Context) (*gomail.Client, *smtp.Client, error) {
	if ctx.Err() != nil {
		return nil, nil, ErrReleased
	}
	client, err := s.client()
	if err != nil {
		return nil, nil, fmt.Errorf("smtp client: %w", err)
	}
	dialCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.Config.Timeout)
	defer cancel()
	conn, err := client.DialToSMTPClientWithContext(dialCtx)
	if err != nil {
		return nil, nil, fmt.Errorf("connect to %s:%d: %w", s.Config.Host, s.Config.Port, err)
	}
	return client, conn, nil
}
