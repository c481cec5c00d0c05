// Command example serves a drain-aware writer's Prometheus metrics while it
// writes n lines into a slow consumer. Scrape it during the run to watch the
// writable length stay within the highWaterMark plus one line:
//
//	cd metrics && go run ./example [-addr 127.0.0.1:9464] [-n 3000000] [-rate bytes/s]
//	curl -s 127.0.0.1:9464/metrics | grep bpvet_writer
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"time"

	"github.com/bpvet/bpvet/internal/lab"
	"github.com/bpvet/bpvet/metrics"
	"github.com/bpvet/bpvet/runtime"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:9464", "address to serve /metrics on")
	n := flag.Int("n", 3_000_000, "lines to write")
	rate := flag.Int64("rate", 4<<20, "bytes per second the consumer takes")
	flag.Parse()

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("serving http://%s/metrics\n", ln.Addr())
	dst := &lab.Paced{W: io.Discard, Rate: *rate, Burst: 20 * time.Millisecond}
	start := time.Now()
	st, hwm, err := run(context.Background(), ln, prometheus.DefaultRegisterer, promhttp.Handler(), dst, *n)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d lines in %v: %d drains, peak writable length %d bytes (highWaterMark %d)\n",
		st.Writes, time.Since(start).Round(time.Millisecond), st.Drains, st.PeakLength, hwm)
}

// run writes n lines into dst through a ByteWriter registered on reg as
// "lines", and serves h at /metrics on ln until the writer has ended. It
// returns the writer's final Stats and its highWaterMark.
func run(ctx context.Context, ln net.Listener, reg prometheus.Registerer, h http.Handler, dst io.Writer, n int) (runtime.Stats, int, error) {
	w := runtime.NewByteWriter(dst)
	if err := metrics.Register(reg, "lines", w); err != nil {
		return runtime.Stats{}, 0, err
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", h)
	srv := &http.Server{Handler: mux}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	err := writeLines(ctx, w, n)
	err = errors.Join(err, srv.Shutdown(ctx))
	if serr := <-served; !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	return w.Stats(), w.HighWaterMark(), err
}

// writeLines is the drain loop: write until Write returns false, then wait
// for drain.
func writeLines(ctx context.Context, w *runtime.ByteWriter, n int) error {
	var line []byte
	for i := range n {
		line = lab.AppendLine(line, i)
		if !w.Write(line) {
			if err := w.WaitDrain(ctx); err != nil {
				return err
			}
		}
	}
	return w.End()
}
