package notify_test

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/studio/studio/internal/notify"
	"github.com/studio/studio/internal/settings"
	ta "github.com/studio/studio/internal/testapp"
)

// benchWorld is a test app, an SMTP server and a worker reading its env.
type benchWorld struct {
	app *tests.TestApp
	ms  *mailServer
	w   *notify.Worker
}

func newBenchWorld(b *testing.B) *benchWorld {
	bw := &benchWorld{app: ta.New(b), ms: newMailServer(b)}
	env := map[string]string{
		"STUDIO_SMTP_HOST": bw.ms.Host, "STUDIO_SMTP_PORT": strconv.Itoa(bw.ms.Port),
		"STUDIO_SMTP_TLS": "none", "STUDIO_SMTP_FROM": "studio@example.com",
	}
	bw.w = notify.NewWorker(bw.app, notify.WorkerOptions{Env: func(k string) string { return env[k] }})
	return bw
}

func (bw *benchWorld) commit(b *testing.B, to string) {
	if err := bw.app.RunInTransaction(func(tx core.App) error {
		return notify.Email(tx, notify.EmailIntent{Template: notify.TemplateConfirmation, Recipient: to, Data: facts()})
	}); err != nil {
		b.Fatal(err)
	}
}

func (bw *benchWorld) stop() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = bw.w.Stop(ctx)
}

// BenchmarkOutboxDelivery prints, against an SMTP server in the process:
// the delivery rate of a backlog of committed emails, the same messages
// sent by go-mail directly (no outbox, no database) and their ratio, and
// the commit-to-delivery latency (p50/p95) of emails committed one at a
// time while the worker runs.
func BenchmarkOutboxDelivery(b *testing.B) {
	const backlog, single = 300, 100
	for i := 0; i < b.N; i++ {
		// 1. throughput on a backlog
		bw := newBenchWorld(b)
		for j := 0; j < backlog; j++ {
			bw.commit(b, fmt.Sprintf("backlog%04d@example.com", j))
		}
		t0 := time.Now()
		if err := bw.w.Start(); err != nil {
			b.Fatal(err)
		}
		if got := bw.ms.WaitFor(backlog, 2*time.Minute); len(got) < backlog {
			b.Fatalf("delivered %d of %d", len(got), backlog)
		}
		outboxRate := float64(backlog) / time.Since(t0).Seconds()

		// 2. latency, one commit at a time
		var lat []time.Duration
		for j := 0; j < single; j++ {
			committed := time.Now()
			bw.commit(b, fmt.Sprintf("single%04d@example.com", j))
			got := bw.ms.WaitFor(backlog+j+1, 30*time.Second)
			if len(got) < backlog+j+1 {
				b.Fatalf("email %d not delivered", j)
			}
			lat = append(lat, got[len(got)-1].At.Sub(committed))
		}
		bw.stop()
		slices.Sort(lat)
		p := func(q float64) time.Duration { return lat[int(q*float64(len(lat)-1))] }

		// 3. baseline: go-mail alone, same rendered message, one connection
		s, err := settings.Load(bw.app)
		if err != nil {
			b.Fatal(err)
		}
		v, err := notify.NewView(facts(), s, s.Language)
		if err != nil {
			b.Fatal(err)
		}
		r, err := notify.Render(notify.TemplateConfirmation, s.Language, v)
		if err != nil {
			b.Fatal(err)
		}
		direct := newMailServer(b)
		msgs := make([]notify.Message, backlog)
		for j := range msgs {
			msgs[j] = notify.Message{EntryID: strconv.Itoa(j), From: "studio@example.com", To: fmt.Sprintf("direct%04d@example.com", j), Rendered: r}
		}
		cfg := notify.SMTPConfig{Host: direct.Host, Port: direct.Port, TLS: notify.TLSNone, From: "studio@example.com", Timeout: 30 * time.Second}
		t1 := time.Now()
		notify.GoMailSender{Config: cfg}.Send(context.Background(), msgs, func(int, error) {})
		directRate := float64(backlog) / time.Since(t1).Seconds()

		b.ReportMetric(outboxRate, "emails/s")
		b.ReportMetric(float64(p(0.50).Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(p(0.95).Microseconds())/1000, "p95-ms")
		fmt.Printf("outbox backlog of %d: %.0f emails/s; go-mail direct: %.0f emails/s; outbox/direct %.2f\n",
			backlog, outboxRate, directRate, outboxRate/directRate)
		fmt.Printf("commit→delivery, %d emails one at a time: p50 %v, p95 %v\n",
			single, p(0.50).Round(10*time.Microsecond), p(0.95).Round(10*time.Microsecond))
	}
}
