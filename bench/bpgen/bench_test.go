package bpgenbench

import (
	"context"
	"flag"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/bpvet/bpvet/runtime"
)

const hwm = 1024

func sink([]Point) error { return nil }

// writeDirect and writeGenerated run the drain-aware loop n times with the
// same options, on the runtime writer and on the generated PointWriter,
// whose Write is the runtime's, promoted through the embedded pointer. The
// calls are direct, not through an interface or a generic helper, as in
// user code; hence the two copies.

func writeDirect(n int) error {
	w := runtime.NewWriter(sink, runtime.WithHighWaterMark(hwm))
	ctx := context.Background()
	for i := 0; i < n; i++ {
		if !w.Write(Point{i, i}) {
			if err := w.WaitDrain(ctx); err != nil {
				return err
			}
		}
	}
	return w.End()
}

func writeGenerated(n int) error {
	w := NewPointWriter(sink, runtime.WithHighWaterMark(hwm))
	ctx := context.Background()
	for i := 0; i < n; i++ {
		if !w.Write(Point{i, i}) {
			if err := w.WaitDrain(ctx); err != nil {
				return err
			}
		}
	}
	return w.End()
}

func BenchmarkWriteDirect(b *testing.B) {
	if err := writeDirect(b.N); err != nil {
		b.Fatal(err)
	}
}

func BenchmarkWriteGenerated(b *testing.B) {
	if err := writeGenerated(b.N); err != nil {
		b.Fatal(err)
	}
}

var (
	ratioRounds = flag.Int("ratio", 0, "run TestRatio with this many rounds of both loops")
	ratioWrites = flag.Int("writes", 2_000_000, "writes per loop in TestRatio")
)

// TestRatio runs the two loops side by side, alternating which goes first,
// and prints the medians of the per-round ratios generated/direct, by wall
// time and by process CPU time. On a busy machine the CPU time is the
// steadier of the two, as it does not count time spent descheduled.
func TestRatio(t *testing.T) {
	if *ratioRounds == 0 {
		t.Skip("run with -ratio=N")
	}
	n := *ratioWrites
	var wallD, wallG, wall, cpu []float64
	for r := range *ratioRounds {
		var d, g [2]time.Duration
		if r%2 == 0 {
			d, g = measure(t, writeDirect, n), measure(t, writeGenerated, n)
		} else {
			g, d = measure(t, writeGenerated, n), measure(t, writeDirect, n)
		}
		wallD = append(wallD, float64(d[0])/float64(n))
		wallG = append(wallG, float64(g[0])/float64(n))
		wall = append(wall, float64(g[0])/float64(d[0]))
		cpu = append(cpu, float64(g[1])/float64(d[1]))
	}
	t.Logf("direct    runtime.Writer[Point].Write: median %.2f ns/op", median(wallD))
	t.Logf("generated PointWriter.Write:          median %.2f ns/op", median(wallG))
	t.Logf("ratio generated/direct, wall time: median %.3f over %d rounds of %d writes (min %.3f, max %.3f)",
		median(wall), len(wall), n, slices.Min(wall), slices.Max(wall))
	t.Logf("ratio generated/direct, CPU time:  median %.3f (min %.3f, max %.3f)",
		median(cpu), slices.Min(cpu), slices.Max(cpu))
}

// measure returns the wall and process CPU time of f(n).
func measure(t *testing.T, f func(int) error, n int) [2]time.Duration {
	cpu0, start := cpuTime(t), time.Now()
	if err := f(n); err != nil {
		t.Fatal(err)
	}
	return [2]time.Duration{time.Since(start), cpuTime(t) - cpu0}
}

func cpuTime(t *testing.T) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
