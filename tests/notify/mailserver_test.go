package notify_test

import (
	"bytes"
	"encoding/base64"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	smtp "github.com/emersion/go-smtp"
)

// Behaviours of the test SMTP server for one message.
type behaviour int

const (
	accept   behaviour = iota
	tempFail           // 451 at DATA
	permFail           // 550 at RCPT
	drop               // read the whole message, then close the connection without answering
	block              // hold the DATA answer until release is closed
)

// received is one message the server accepted (or read before dropping).
type received struct {
	From      string
	To        []string
	Subject   string
	MessageID string
	EntryID   string
	Header    mail.Header
	Text      string
	HTML      string
	Raw       string
	// At is when the server accepted it.
	At time.Time
}

// mailServer is a real SMTP server (github.com/emersion/go-smtp) on a
// loopback port, inside the test process.
type mailServer struct {
	t    testing.TB
	srv  *smtp.Server
	ln   net.Listener
	Host string
	Port int

	mu       sync.Mutex
	plan     func(n int) behaviour // n counts DATA commands from 1
	data     int
	messages []received
	arrived  chan received
	release  chan struct{}
	onData   func(n int)
}

func newMailServer(t testing.TB) *mailServer {
	t.Helper()
	ms := &mailServer{t: t, plan: func(int) behaviour { return accept }, arrived: make(chan received, 10000), release: make(chan struct{})}
	ms.srv = smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &mailSession{ms: ms, conn: c}, nil
	}))
	ms.srv.Domain = "localhost"
	ms.srv.AllowInsecureAuth = true
	ms.srv.ReadTimeout = 30 * time.Second
	ms.srv.WriteTimeout = 30 * time.Second
	ms.listen(t, "127.0.0.1:0")
	t.Cleanup(ms.Close)
	return ms
}

func (ms *mailServer) listen(t testing.TB, addr string) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("smtp listen: %v", err)
	}
	ms.ln = ln
	host, port, _ := net.SplitHostPort(ln.Addr().String())
	ms.Host = host
	ms.Port, _ = strconv.Atoi(port)
	go func() { _ = ms.srv.Serve(ln) }()
}

// Close stops accepting connections (a later dial is refused) and releases
// any blocked message.
func (ms *mailServer) Close() {
	ms.mu.Lock()
	select {
	case <-ms.release:
	default:
		close(ms.release)
	}
	ms.mu.Unlock()
	_ = ms.ln.Close()
	_ = ms.srv.Close()
}

// Plan sets what the server does with the n-th DATA from now on.
func (ms *mailServer) Plan(p func(n int) behaviour) {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	ms.plan = p
}

// OnData runs f as the n-th message's DATA arrives, before the answer.
func (ms *mailServer) OnData(f func(n int)) {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	ms.onData = f
}

// Messages returns the messages received so far.
func (ms *mailServer) Messages() []received {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	return append([]received(nil), ms.messages...)
}

// WaitFor waits (bounded) until n messages have arrived in total.
func (ms *mailServer) WaitFor(n int, within time.Duration) []received {
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		if got := ms.Messages(); len(got) >= n {
			return got
		}
		select {
		case <-ms.arrived:
		case <-time.After(50 * time.Millisecond):
		}
	}
	return ms.Messages()
}

type mailSession struct {
	ms   *mailServer
	conn *smtp.Conn
	from string
	to   []string
}

func (s *mailSession) Reset()        { s.from, s.to = "", nil }
func (s *mailSession) Logout() error { return nil }
func (s *mailSession) Mail(from string, _ *smtp.MailOptions) error {
	s.from = from
	return nil
}

func (s *mailSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.ms.mu.Lock()
	next := s.ms.plan(s.ms.data + 1)
	s.ms.mu.Unlock()
	if next == permFail {
		s.ms.mu.Lock()
		s.ms.data++
		s.ms.mu.Unlock()
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user here"}
	}
	s.to = append(s.to, to)
	return nil
}

func (s *mailSession) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.ms.mu.Lock()
	s.ms.data++
	n := s.ms.data
	b := s.ms.plan(n)
	onData := s.ms.onData
	release := s.ms.release
	s.ms.mu.Unlock()
	if onData != nil {
		onData(n)
	}
	switch b {
	case tempFail:
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Try again later"}
	case drop:
		s.store(raw)
		_ = s.conn.Conn().Close()
		return errors.New("connection dropped")
	case block:
		<-release
	}
	s.store(raw)
	return nil
}

func (s *mailSession) store(raw []byte) {
	m := parseMessage(s.ms.t, raw)
	m.At = time.Now()
	m.From = s.from
	m.To = append([]string(nil), s.to...)
	s.ms.mu.Lock()
	s.ms.messages = append(s.ms.messages, m)
	s.ms.mu.Unlock()
	select {
	case s.ms.arrived <- m:
	default:
	}
}

// parseMessage decodes headers and the text and HTML alternatives.
func parseMessage(t testing.TB, raw []byte) received {
	m := received{Raw: string(raw)}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Errorf("received an unparsable message: %v\n%s", err, raw)
		return m
	}
	m.Header = msg.Header
	dec := new(mime.WordDecoder)
	m.Subject, _ = dec.DecodeHeader(msg.Header.Get("Subject"))
	m.MessageID = msg.Header.Get("Message-Id")
	m.EntryID = msg.Header.Get("X-Studio-Outbox")
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || !strings.HasPrefix(mt, "multipart/") {
		t.Errorf("message is not multipart: %q", msg.Header.Get("Content-Type"))
		return m
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err != nil {
			break
		}
		body := decodePart(p)
		ct, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		switch ct {
		case "text/plain":
			m.Text = body
		case "text/html":
			m.HTML = body
		}
	}
	return m
}

func decodePart(p *multipart.Part) string {
	var r io.Reader = p
	switch strings.ToLower(p.Header.Get("Content-Transfer-Encoding")) {
	case "quoted-printable":
		r = quotedprintable.NewReader(p)
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, p)
	}
	b, _ := io.ReadAll(r)
	return strings.ReplaceAll(string(b), "\r\n", "\n")
}
