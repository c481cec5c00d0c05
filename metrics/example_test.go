package metrics_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/bpvet/bpvet/metrics"
	"github.com/bpvet/bpvet/runtime"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Register a writer and serve its series with promhttp. A real program
// uses prometheus.DefaultRegisterer and http.Handle("/metrics", promhttp.Handler()).
func ExampleRegister() {
	w := runtime.NewByteWriter(io.Discard, runtime.WithHighWaterMark(8))
	reg := prometheus.NewRegistry()
	if err := metrics.Register(reg, "log", w); err != nil {
		panic(err)
	}
	handler := promhttp.HandlerFor(reg, promhttp.HandlerOpts{})

	for _, line := range []string{"hello, world\n", "bye\n"} {
		if !w.WriteString(line) { // false for the first line, at 13 bytes
			if err := w.WaitDrain(context.Background()); err != nil {
				panic(err)
			}
		}
	}
	if err := w.End(); err != nil {
		panic(err)
	}

	rec := httptest.NewRecorder()
	handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	for line := range strings.Lines(rec.Body.String()) {
		if !strings.HasPrefix(line, "#") {
			fmt.Print(line)
		}
	}
	// Output:
	// bpvet_writer_accepted_units_total{writer="log"} 17
	// bpvet_writer_batches_total{writer="log"} 2
	// bpvet_writer_delivered_units_total{writer="log"} 17
	// bpvet_writer_delivery_failed{writer="log"} 0
	// bpvet_writer_drains_total{writer="log"} 1
	// bpvet_writer_high_water_mark{writer="log"} 8
	// bpvet_writer_peak_length{writer="log"} 13
	// bpvet_writer_undelivered_units{writer="log"} 0
	// bpvet_writer_writable_length{writer="log"} 0
	// bpvet_writer_writes_total{writer="log"} 2
}
