package metrics_test

import (
	"context"
	"errors"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	events "github.com/bpvet/bpvet/examples/bpgen"
	"github.com/bpvet/bpvet/metrics"
	"github.com/bpvet/bpvet/runtime"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/prometheus/common/expfmt"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// Compile-time proof that every kind of writer is a Source.
var (
	_ metrics.Source = (*runtime.ByteWriter)(nil)
	_ metrics.Source = (*runtime.Writer[int])(nil)
	_ metrics.Source = (*events.EventWriter)(nil)
	_ metrics.Source = (*events.PublisherWriter)(nil)
)

// TestExposition pins the names, help, types and label of every series.
func TestExposition(t *testing.T) {
	w := runtime.NewWriter(func([]int) error { return nil }, runtime.WithHighWaterMark(3))
	c := newCollector(t, "jobs", w)
	const want = `
# HELP bpvet_writer_accepted_units_total Units accepted by Write.
# TYPE bpvet_writer_accepted_units_total counter
bpvet_writer_accepted_units_total{writer="jobs"} 0
# HELP bpvet_writer_batches_total Sink calls.
# TYPE bpvet_writer_batches_total counter
bpvet_writer_batches_total{writer="jobs"} 0
# HELP bpvet_writer_delivered_units_total Units the sink took.
# TYPE bpvet_writer_delivered_units_total counter
bpvet_writer_delivered_units_total{writer="jobs"} 0
# HELP bpvet_writer_delivery_failed 1 once the sink failed, else 0.
# TYPE bpvet_writer_delivery_failed gauge
bpvet_writer_delivery_failed{writer="jobs"} 0
# HELP bpvet_writer_drains_total Drain signals fired.
# TYPE bpvet_writer_drains_total counter
bpvet_writer_drains_total{writer="jobs"} 0
# HELP bpvet_writer_high_water_mark Length at which Write returns false.
# TYPE bpvet_writer_high_water_mark gauge
bpvet_writer_high_water_mark{writer="jobs"} 3
# HELP bpvet_writer_peak_length Largest writable length seen.
# TYPE bpvet_writer_peak_length gauge
bpvet_writer_peak_length{writer="jobs"} 0
# HELP bpvet_writer_undelivered_units Accepted units the failed sink never took.
# TYPE bpvet_writer_undelivered_units gauge
bpvet_writer_undelivered_units{writer="jobs"} 0
# HELP bpvet_writer_writable_length Units queued plus the batch the sink is writing.
# TYPE bpvet_writer_writable_length gauge
bpvet_writer_writable_length{writer="jobs"} 0
# HELP bpvet_writer_writes_total Write calls accepted.
# TYPE bpvet_writer_writes_total counter
bpvet_writer_writes_total{writer="jobs"} 0
`
	if err := testutil.CollectAndCompare(c, strings.NewReader(want)); err != nil {
		t.Fatal(err)
	}
	problems, err := testutil.CollectAndLint(c)
	if err != nil || len(problems) > 0 {
		t.Fatalf("lint: %v %v", problems, err)
	}
}

// want is every series of one writer, by the Stats field it comes from.
type want struct {
	length, hwm, peak                            float64
	writes, accepted, delivered, batches, drains float64
	failed, undelivered                          float64
}

func (w want) samples() map[string]float64 {
	return map[string]float64{
		"bpvet_writer_writable_length":       w.length,
		"bpvet_writer_high_water_mark":       w.hwm,
		"bpvet_writer_peak_length":           w.peak,
		"bpvet_writer_writes_total":          w.writes,
		"bpvet_writer_accepted_units_total":  w.accepted,
		"bpvet_writer_delivered_units_total": w.delivered,
		"bpvet_writer_batches_total":         w.batches,
		"bpvet_writer_drains_total":          w.drains,
		"bpvet_writer_delivery_failed":       w.failed,
		"bpvet_writer_undelivered_units":     w.undelivered,
	}
}

// seriesNames lists every series a Collector reports.
var seriesNames = slices.Collect(maps.Keys(want{}.samples()))

// TestScript drives a writer through writes, deliveries, a drain and a sink
// failure, with the sink held at each batch, and checks every series after
// each step.
func TestScript(t *testing.T) {
	calls := make(chan []int)   // the sink's batch, when it is called
	results := make(chan error) // what the held sink returns
	w := runtime.NewWriter(func(b []int) error {
		calls <- append([]int(nil), b...)
		return <-results
	}, runtime.WithHighWaterMark(3))
	c := newCollector(t, "script", w)
	batch := func(want ...int) {
		t.Helper()
		if got := within(t, calls, "sink call"); !slices.Equal(got, want) {
			t.Fatalf("sink got %v, want %v", got, want)
		}
	}
	release := func(err error) {
		t.Helper()
		select {
		case results <- err:
		case <-time.After(timeout):
			t.Fatalf("the sink did not take its result in %v", timeout)
		}
	}
	write := func(v int, want bool) {
		t.Helper()
		if got := w.Write(v); got != want {
			t.Fatalf("Write(%d) = %v, want %v", v, got, want)
		}
	}

	check(t, c, "new", want{hwm: 3})

	write(1, true)
	batch(1) // the sink holds [1]: it still counts in the length
	check(t, c, "1 in flight", want{length: 1, hwm: 3, writes: 1, accepted: 1})

	write(2, true)
	write(3, false)
	check(t, c, "full", want{length: 3, hwm: 3, peak: 3, writes: 3, accepted: 3})

	release(nil)
	batch(2, 3)
	check(t, c, "1 delivered, 2 in flight", want{length: 2, hwm: 3, peak: 3, writes: 3, accepted: 3, delivered: 1, batches: 1})

	release(nil)
	within(t, w.Drain(), "drain")
	check(t, c, "drained", want{hwm: 3, peak: 3, writes: 3, accepted: 3, delivered: 3, batches: 2, drains: 1})

	write(4, true)
	batch(4)
	write(5, true)
	release(errors.New("disk full"))
	if err := w.End(); !errors.As(err, new(*runtime.DeliveryError)) {
		t.Fatalf("End = %v, want a *runtime.DeliveryError", err)
	}
	check(t, c, "sink failed with [4] in flight and [5] queued",
		want{hwm: 3, peak: 3, writes: 5, accepted: 5, delivered: 3, batches: 3, drains: 1, failed: 1, undelivered: 2})
}

// TestCollectWhileWriting scrapes while two producers run the drain loop;
// they keep writing until the test has scraped enough times. Each scrape
// must be one consistent snapshot (accepted = delivered + length) with
// counters that never go back; run it with -race.
func TestCollectWhileWriting(t *testing.T) {
	const producers, scrapes, hwm = 2, 300, 64
	line := []byte("a line of 24 bytes long\n")
	w := runtime.NewByteWriter(io.Discard, runtime.WithHighWaterMark(hwm))
	c := newCollector(t, "lines", w)

	enough := make(chan struct{}) // closed after the last scrape
	// Ending the scrapes also ends a wait for a drain that never comes.
	ctx, cancel := context.WithCancel(context.Background())
	var written atomic.Int64
	var wg sync.WaitGroup
	for range producers {
		wg.Go(func() {
			for {
				select {
				case <-enough:
					return
				default:
				}
				written.Add(1)
				if !w.Write(line) {
					if err := w.WaitDrain(ctx); err != nil {
						if ctx.Err() == nil {
							t.Error(err)
						}
						return
					}
				}
			}
		})
	}

	stop := sync.OnceFunc(func() { close(enough); cancel(); wg.Wait() })
	defer stop() // also when a check fails

	var prev map[string]float64
	for range scrapes {
		got := scrape(t, c, "lines")
		length := got["bpvet_writer_writable_length"]
		if got["bpvet_writer_accepted_units_total"] != got["bpvet_writer_delivered_units_total"]+length {
			t.Fatalf("inconsistent scrape: %v", got)
		}
		// Each producer may add one line after the length reached the mark.
		if length >= hwm+producers*float64(len(line)) {
			t.Fatalf("writable length %v beyond the mark %d plus one line per producer", length, hwm)
		}
		for name, v := range prev {
			if strings.HasSuffix(name, "_total") && got[name] < v {
				t.Fatalf("%s went back from %v to %v", name, v, got[name])
			}
		}
		prev = got
	}
	stop()
	if err := w.End(); err != nil {
		t.Fatal(err)
	}
	got := scrape(t, c, "lines")
	if n := float64(written.Load()); got["bpvet_writer_writes_total"] != n ||
		got["bpvet_writer_delivered_units_total"] != n*float64(len(line)) {
		t.Fatalf("after End: %v, want %v writes, all delivered", got, n)
	}
}

// TestGeneratedWriters exports bpgen's writers from examples/bpgen.
func TestGeneratedWriters(t *testing.T) {
	var got []events.Event
	ew := events.NewEventWriter(func(b []events.Event) error { got = append(got, b...); return nil })
	pw := events.NewPublisherWriter(nopPublisher{})
	reg := prometheus.NewPedanticRegistry()
	for name, w := range map[string]metrics.Source{"events": ew, "publish": pw} {
		if err := metrics.Register(reg, name, w); err != nil {
			t.Fatal(err)
		}
	}
	ew.Write(events.Event{ID: 1, Payload: []byte("hello")})
	pw.Publish(context.Background(), "topic", []byte("x"))
	pw.Flush(context.Background())
	for _, err := range []error{ew.End(), pw.End()} {
		if err != nil {
			t.Fatal(err)
		}
	}
	const want = `
# HELP bpvet_writer_delivered_units_total Units the sink took.
# TYPE bpvet_writer_delivered_units_total counter
bpvet_writer_delivered_units_total{writer="events"} 5
bpvet_writer_delivered_units_total{writer="publish"} 2
`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want), "bpvet_writer_delivered_units_total"); err != nil {
		t.Fatal(err)
	}
}

func TestRegisterErrors(t *testing.T) {
	reg := prometheus.NewRegistry()
	w := runtime.NewByteWriter(io.Discard)
	if err := metrics.Register(reg, "out", w); err != nil {
		t.Fatal(err)
	}
	if err := metrics.Register(reg, "other", runtime.NewByteWriter(io.Discard)); err != nil {
		t.Fatalf("a second writer under another name: %v", err)
	}

	err := metrics.Register(reg, "out", runtime.NewByteWriter(io.Discard))
	if _, ok := errors.AsType[prometheus.AlreadyRegisteredError](err); !ok {
		t.Fatalf("same name twice: %v, want an AlreadyRegisteredError", err)
	}
	if want := `metrics: a writer named "out" is already registered`; !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("same name twice: %q, want it to start with %q", err, want)
	}

	var nilPtr *runtime.ByteWriter
	for _, w := range []metrics.Source{nil, nilPtr} {
		err := metrics.Register(reg, "nil", w)
		if !errors.Is(err, metrics.ErrNilWriter) || !strings.Contains(err.Error(), `"nil"`) {
			t.Fatalf("Register(%#v) = %v, want ErrNilWriter naming the writer", w, err)
		}
	}
	if _, err := metrics.NewCollector("", w); err == nil {
		t.Fatal("NewCollector with an empty name: no error")
	}
}

// timeout bounds each wait of a test, so that a delivery or a drain that
// never comes fails it instead of hanging it.
const timeout = 30 * time.Second

// within receives from ch, or fails the test after timeout.
func within[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(timeout):
		t.Fatalf("no %s in %v", what, timeout)
		panic("unreachable")
	}
}

func newCollector(t *testing.T, name string, w metrics.Source) *metrics.Collector {
	t.Helper()
	c, err := metrics.NewCollector(name, w)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// check compares every series of c, labelled writer="script", with w.
func check(t *testing.T, c prometheus.Collector, step string, w want) {
	t.Helper()
	got, want := scrape(t, c, "script"), w.samples()
	if len(got) != len(want) {
		t.Fatalf("%s: got series %v, want %v", step, got, want)
	}
	for name, v := range want {
		if g, ok := got[name]; !ok || g != v {
			t.Errorf("%s: %s = %v, want %v", step, name, g, v)
		}
	}
	if t.Failed() {
		t.FailNow()
	}
}

// scrape returns each sample's value by metric name, checking that every
// sample carries the label writer=name.
func scrape(t *testing.T, c prometheus.Collector, name string) map[string]float64 {
	t.Helper()
	text, err := testutil.CollectAndFormat(c, expfmt.TypeTextPlain, seriesNames...)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	suffix := `{writer="` + name + `"}`
	for line := range strings.Lines(string(text)) {
		if strings.HasPrefix(line, "#") {
			continue
		}
		series, value, _ := strings.Cut(strings.TrimSpace(line), " ")
		metric, ok := strings.CutSuffix(series, suffix)
		if !ok {
			t.Fatalf("sample %q lacks the label %s", line, suffix)
		}
		v, err := strconv.ParseFloat(value, 64)
		if err != nil {
			t.Fatal(err)
		}
		got[metric] = v
	}
	return got
}

type nopPublisher struct{}

func (nopPublisher) Publish(context.Context, string, ...[]byte) error { return nil }
func (nopPublisher) Flush(context.Context) error                      { return nil }
