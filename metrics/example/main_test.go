package main

import (
	"context"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/bpvet/bpvet/internal/lab"
	"github.com/bpvet/bpvet/runtime"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// TestScrapeDuringRun runs the example against a consumer that the test
// holds at every batch, scrapes /metrics over loopback while each batch is
// held, and checks that the writable length counts the batch in flight and
// stays within the mark plus one line.
func TestScrapeDuringRun(t *testing.T) {
	const n = 20_000
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	reg := prometheus.NewPedanticRegistry()
	dst := &heldWriter{started: make(chan int), release: make(chan struct{})}
	type result struct {
		st  runtime.Stats
		hwm int
		err error
	}
	done := make(chan result, 1)
	go func() {
		st, hwm, err := run(context.Background(), ln, reg, promhttp.HandlerFor(reg, promhttp.HandlerOpts{}), dst, n)
		done <- result{st, hwm, err}
	}()

	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	url := "http://" + ln.Addr().String() + "/metrics"
	longest := float64(len(lab.AppendLine(nil, n-1)))
	scrapes := 0
	for {
		select {
		case batch := <-dst.started:
			length, hwm := scrape(t, client, url)
			if length < float64(batch) {
				t.Fatalf("writable length %v while a %d-byte batch is in flight", length, batch)
			}
			if length >= hwm+longest {
				t.Fatalf("writable length %v, want under the mark %v plus one line (%v)", length, hwm, longest)
			}
			scrapes++
			dst.release <- struct{}{}
		case r := <-done:
			if r.err != nil {
				t.Fatal(r.err)
			}
			if r.st.Writes != n || dst.n != r.st.Accepted || r.st.Drains == 0 {
				t.Fatalf("final stats %+v, %d bytes written: want %d writes all delivered, with drains", r.st, dst.n, n)
			}
			t.Logf("%d scrapes during the run; peak length %d, mark %d", scrapes, r.st.PeakLength, r.hwm)
			return
		case <-time.After(timeout):
			t.Fatalf("after %d scrapes, no batch and no end of the run in %v", scrapes, timeout)
		}
	}
}

// timeout bounds each wait of the run, so that a stuck run fails the test
// instead of hanging it.
const timeout = 30 * time.Second

// scrape fetches url and returns the writer's length and highWaterMark.
func scrape(t *testing.T, client *http.Client, url string) (length, hwm float64) {
	t.Helper()
	resp, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	value := func(name string) float64 {
		f, ok := fams[name]
		if !ok || len(f.Metric) != 1 {
			t.Fatalf("scrape has no single %s series: %v", name, fams[name])
		}
		m := f.Metric[0]
		if l := m.GetLabel(); len(l) != 1 || l[0].GetName() != "writer" || l[0].GetValue() != "lines" {
			t.Fatalf("%s labels %v, want writer=\"lines\"", name, l)
		}
		return m.GetGauge().GetValue()
	}
	return value("bpvet_writer_writable_length"), value("bpvet_writer_high_water_mark")
}

// A heldWriter announces each Write on started and returns only when the
// test sends on release.
type heldWriter struct {
	started chan int
	release chan struct{}
	n       int64 // bytes written; read after the run
}

func (w *heldWriter) Write(p []byte) (int, error) {
	w.started <- len(p)
	<-w.release
	w.n += int64(len(p))
	return len(p), nil
}
