// Package metrics exports the counters of bpvet's drain-aware writers to
// Prometheus, for watching that a long-running pipeline's queue stays
// bounded. Two lines serve a writer's metrics:
//
//	err := metrics.Register(prometheus.DefaultRegisterer, "upload", w)
//	http.Handle("/metrics", promhttp.Handler())
//
// Every series carries the label writer="upload", the name given to
// [Register] or [NewCollector], and reads the writer at scrape time:
//
//	bpvet_writer_writable_length        gauge    Stats().Length: queued plus in flight
//	bpvet_writer_high_water_mark        gauge    HighWaterMark()
//	bpvet_writer_peak_length            gauge    Stats().PeakLength
//	bpvet_writer_writes_total           counter  Stats().Writes
//	bpvet_writer_accepted_units_total   counter  Stats().Accepted
//	bpvet_writer_delivered_units_total  counter  Stats().Delivered
//	bpvet_writer_batches_total          counter  Stats().Batches: sink calls
//	bpvet_writer_drains_total           counter  Stats().Drains
//	bpvet_writer_delivery_failed        gauge    1 once the sink failed (Err() is a *runtime.DeliveryError), else 0
//	bpvet_writer_undelivered_units      gauge    the DeliveryError's Undelivered, else 0
//
// Units are the writer's: bytes for a [runtime.ByteWriter], values (or
// [runtime.WithSize] units) for a [runtime.Writer] and bpgen's writers. See
// [runtime.Stats] for what each counter counts.
package metrics

import (
	"errors"
	"fmt"
	"reflect"

	"github.com/bpvet/bpvet/runtime"
	"github.com/prometheus/client_golang/prometheus"
)

// A Source is a writer whose counters a [Collector] exports.
// [runtime.ByteWriter], [runtime.Writer] and the writers bpgen generates
// all implement it.
type Source interface {
	Stats() runtime.Stats
	HighWaterMark() int
	Err() error
}

// ErrNilWriter is the error of registering a nil writer.
var ErrNilWriter = errors.New("metrics: nil writer")

// A Collector is a [prometheus.Collector] for one writer.
type Collector struct {
	w     Source
	descs [numMetrics]*prometheus.Desc
}

// The metrics in the order Collect reports them.
const (
	writableLength = iota
	highWaterMark
	peakLength
	writes
	accepted
	delivered
	batches
	drains
	deliveryFailed
	undelivered
	numMetrics
)

var specs = [numMetrics]struct {
	name, help string
	typ        prometheus.ValueType
}{
	writableLength: {"writable_length", "Units queued plus the batch the sink is writing.", prometheus.GaugeValue},
	highWaterMark:  {"high_water_mark", "Length at which Write returns false.", prometheus.GaugeValue},
	peakLength:     {"peak_length", "Largest writable length seen.", prometheus.GaugeValue},
	writes:         {"writes_total", "Write calls accepted.", prometheus.CounterValue},
	accepted:       {"accepted_units_total", "Units accepted by Write.", prometheus.CounterValue},
	delivered:      {"delivered_units_total", "Units the sink took.", prometheus.CounterValue},
	batches:        {"batches_total", "Sink calls.", prometheus.CounterValue},
	drains:         {"drains_total", "Drain signals fired.", prometheus.CounterValue},
	deliveryFailed: {"delivery_failed", "1 once the sink failed, else 0.", prometheus.GaugeValue},
	undelivered:    {"undelivered_units", "Accepted units the failed sink never took.", prometheus.GaugeValue},
}

// NewCollector returns a Collector for w whose series carry the label
// writer=name. It returns [ErrNilWriter] for a nil w (a nil pointer
// included) and an error for an empty name.
func NewCollector(name string, w Source) (*Collector, error) {
	if isNil(w) {
		return nil, fmt.Errorf("%w for %q", ErrNilWriter, name)
	}
	if name == "" {
		return nil, errors.New("metrics: empty writer name")
	}
	c := &Collector{w: w}
	labels := prometheus.Labels{"writer": name}
	for i, s := range specs {
		c.descs[i] = prometheus.NewDesc("bpvet_writer_"+s.name, s.help, nil, labels)
	}
	return c, nil
}

// Register registers a [NewCollector] for w on reg. A second writer with
// the same name on the same registry is an error that wraps the
// [prometheus.AlreadyRegisteredError].
func Register(reg prometheus.Registerer, name string, w Source) error {
	c, err := NewCollector(name, w)
	if err != nil {
		return err
	}
	if err := reg.Register(c); err != nil {
		if _, ok := errors.AsType[prometheus.AlreadyRegisteredError](err); ok {
			return fmt.Errorf("metrics: a writer named %q is already registered: %w", name, err)
		}
		return fmt.Errorf("metrics: registering writer %q: %w", name, err)
	}
	return nil
}

// Describe implements [prometheus.Collector].
func (c *Collector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range c.descs {
		ch <- d
	}
}

// Collect implements [prometheus.Collector]. It takes one Stats snapshot,
// so the counters of one scrape agree with each other.
func (c *Collector) Collect(ch chan<- prometheus.Metric) {
	st := c.w.Stats()
	var v [numMetrics]float64
	v[writableLength] = float64(st.Length)
	v[highWaterMark] = float64(c.w.HighWaterMark())
	v[peakLength] = float64(st.PeakLength)
	v[writes] = float64(st.Writes)
	v[accepted] = float64(st.Accepted)
	v[delivered] = float64(st.Delivered)
	v[batches] = float64(st.Batches)
	v[drains] = float64(st.Drains)
	if de, ok := errors.AsType[*runtime.DeliveryError](c.w.Err()); ok {
		v[deliveryFailed] = 1
		v[undelivered] = float64(de.Undelivered)
	}
	for i, d := range c.descs {
		ch <- prometheus.MustNewConstMetric(d, specs[i].typ, v[i])
	}
}

// isNil reports whether w is nil or holds a nil pointer, on which Stats
// would panic at the first scrape rather than now.
func isNil(w Source) bool {
	if w == nil {
		return true
	}
	v := reflect.ValueOf(w)
	return v.Kind() == reflect.Pointer && v.IsNil()
}
