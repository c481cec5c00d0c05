package bpgenbench

import (
	"context"
	"flag"
	"slices"
	"testing"

	"github.com/bpvet/bpvet/runtime"
)

const hwm = 1024

func sink([]Point) error { return nil }

// Both benchmarks run the drain-aware loop with the same options, one on
// the runtime writer and one on the generated wrapper. The calls are
// direct, not through an interface, so the generated Write can inline.

func BenchmarkWriteDirect(b *testing.B) {
	w := runtime.NewWriter(sink, runtime.WithHighWaterMark(hwm))
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		if !w.Write(Point{i, i}) {
			if err := w.WaitDrain(ctx); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.StopTimer()
	if err := w.End(); err != nil {
		b.Fatal(err)
	}
}

func BenchmarkWriteGenerated(b *testing.B) {
	w := NewPointWriter(sink, runtime.WithHighWaterMark(hwm))
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		if !w.Write(Point{i, i}) {
			if err := w.WaitDrain(ctx); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.StopTimer()
	if err := w.End(); err != nil {
		b.Fatal(err)
	}
}

var ratioRounds = flag.Int("ratio", 0, "run TestRatio with this many rounds of both benchmarks")

// TestRatio runs the two benchmarks side by side, alternating which goes
// first, and prints the median of the per-round ratios generated/direct,
// so that a busy machine slows both alike.
func TestRatio(t *testing.T) {
	if *ratioRounds == 0 {
		t.Skip("run with -ratio=N")
	}
	var direct, generated, ratios []float64
	for r := range *ratioRounds {
		var d, g testing.BenchmarkResult
		if r%2 == 0 {
			d, g = testing.Benchmark(BenchmarkWriteDirect), testing.Benchmark(BenchmarkWriteGenerated)
		} else {
			g, d = testing.Benchmark(BenchmarkWriteGenerated), testing.Benchmark(BenchmarkWriteDirect)
		}
		dn, gn := float64(d.NsPerOp()), float64(g.NsPerOp())
		if d.N > 0 && d.T > 0 {
			dn = float64(d.T) / float64(d.N)
		}
		if g.N > 0 && g.T > 0 {
			gn = float64(g.T) / float64(g.N)
		}
		direct, generated, ratios = append(direct, dn), append(generated, gn), append(ratios, gn/dn)
	}
	t.Logf("direct    runtime.Writer[Point].Write: median %.2f ns/op", median(direct))
	t.Logf("generated PointWriter.Write:          median %.2f ns/op", median(generated))
	t.Logf("ratio generated/direct: median %.3f over %d rounds (min %.3f, max %.3f)",
		median(ratios), len(ratios), slices.Min(ratios), slices.Max(ratios))
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
