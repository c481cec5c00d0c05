// Command sendbench sends a payload over a loopback data channel one way
// and prints what it cost, as one line of key=value pairs: the payload,
// wall time from the first send to the last byte received, throughput, the
// peak buffered amount, the peak heap, and the process's CPU time (both
// peers, connection setup included) and peak RSS.
// bench/webrtc/run.sh runs it once per way and process, alternating.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"runtime/metrics"
	"syscall"
	"time"

	"github.com/bpvet/bpvet/examples/webrtc"
	"github.com/bpvet/bpvet/runtime"
)

func main() {
	way := flag.String("way", "writer", "how to send: naive, flow or writer")
	size := flag.Int64("size", 256, "payload in MiB")
	mark := flag.Int("mark", 1<<20, "flow: the buffered amount to wait above; writer: the highWaterMark")
	msg := flag.Int("msg", 64<<10, "writer: the largest message")
	timeout := flag.Duration("timeout", 10*time.Minute, "give up after this long")
	flag.Parse()
	if *size <= 0 || *mark < 0 || *msg <= 0 {
		log.Fatal("sendbench: -size and -msg must be > 0, -mark >= 0")
	}
	var send func(ctx context.Context, l *webrtc.Link, r io.Reader) error
	switch *way {
	case "naive":
		send = func(_ context.Context, l *webrtc.Link, r io.Reader) error { return webrtc.SendNaive(l.Channel, r) }
	case "flow":
		send = func(ctx context.Context, l *webrtc.Link, r io.Reader) error {
			return webrtc.SendFlowControl(ctx, l.Channel, r, uint64(*mark), uint64(*mark/2))
		}
	case "writer":
		send = func(ctx context.Context, l *webrtc.Link, r io.Reader) error {
			return webrtc.SendWriter(ctx, l.Channel, r, *msg, runtime.WithHighWaterMark(*mark))
		}
	default:
		log.Fatalf("sendbench: -way %q: want naive, flow or writer", *way)
	}
	if err := bench(*way, *size<<20, *timeout, send); err != nil {
		log.Fatalf("sendbench: %v", err)
	}
}

func bench(way string, n int64, timeout time.Duration, send func(context.Context, *webrtc.Link, io.Reader) error) error {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	const seed = 1
	l, err := webrtc.Connect(ctx, seed)
	if err != nil {
		return err
	}
	defer l.Close()
	stopBuffered := webrtc.WatchBuffered(l.Channel, time.Millisecond)
	stopHeap := watchHeap(10 * time.Millisecond)
	start := time.Now()
	if err := send(ctx, l, webrtc.Payload(seed, n)); err != nil {
		return err
	}
	got, err := l.Receiver.Wait(ctx, n)
	elapsed := time.Since(start)
	peakBuffered, peakHeap := stopBuffered(), stopHeap()
	if err != nil {
		return err
	}
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	fmt.Printf("way=%s bytes=%d messages=%d seconds=%.3f mbps=%.1f peak_buffered=%d peak_heap=%d cpu_seconds=%.3f maxrss_kib=%d\n",
		way, got.Bytes, got.Messages, elapsed.Seconds(), float64(n)/1e6/elapsed.Seconds(),
		peakBuffered, peakHeap, cpu.Seconds(), ru.Maxrss)
	return nil
}

// watchHeap samples the bytes of live and unswept heap objects until the
// returned function is called, which returns the largest sample.
func watchHeap(interval time.Duration) (stop func() uint64) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	return webrtc.WatchPeak(interval, func() uint64 {
		metrics.Read(sample)
		return sample[0].Value.Uint64()
	})
}
