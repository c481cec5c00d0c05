package runtime_test

import (
	"io"
	"os"
	"testing"

	"github.com/bpvet/bpvet/internal/lab"
	"github.com/bpvet/bpvet/runtime"
)

// The explainer's workload: "line N\n" through a drain-aware loop (WaitDrain,
// or the Drain channel for DrainChan), and the same writes through a
// bufio.Writer, into io.Discard, /dev/null or a file. MutexFloor is bufio
// with a lock per line, the best a locked queue can do.

func BenchmarkLinesDrainLoop(b *testing.B)         { benchDrainLoop(b, io.Discard) }
func BenchmarkLinesBufio(b *testing.B)             { benchBufio(b, io.Discard) }
func BenchmarkLinesDrainLoopDevNull(b *testing.B)  { benchDrainLoop(b, openBench(b, os.DevNull)) }
func BenchmarkLinesBufioDevNull(b *testing.B)      { benchBufio(b, openBench(b, os.DevNull)) }
func BenchmarkLinesDrainLoopFile(b *testing.B)     { benchDrainLoop(b, openBench(b, "")) }
func BenchmarkLinesBufioFile(b *testing.B)         { benchBufio(b, openBench(b, "")) }
func BenchmarkLinesDrainChanDevNull(b *testing.B)  { benchDrainChan(b, openBench(b, os.DevNull)) }
func BenchmarkLinesMutexFloor(b *testing.B)        { benchMutexFloor(b, io.Discard) }
func BenchmarkLinesMutexFloorDevNull(b *testing.B) { benchMutexFloor(b, openBench(b, os.DevNull)) }

// openBench opens path for writing, or a new temporary file when path is
// empty, and closes it when the benchmark ends.
func openBench(b *testing.B, path string) *os.File {
	var f *os.File
	var err error
	if path == "" {
		f, err = os.Create(b.TempDir() + "/lines")
	} else {
		f, err = os.OpenFile(path, os.O_WRONLY, 0)
	}
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { f.Close() })
	return f
}

func benchDrainLoop(b *testing.B, dst io.Writer) { benchLines(b, dst, lab.DrainLines) }
func benchDrainChan(b *testing.B, dst io.Writer) { benchLines(b, dst, lab.DrainChanLines) }

func benchLines(b *testing.B, dst io.Writer, lines func(io.Writer, int) (runtime.Stats, error)) {
	b.ReportAllocs()
	st, err := lines(dst, b.N)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(st.Batches), "batches")
	b.ReportMetric(float64(st.Drains), "drains")
}

func benchBufio(b *testing.B, dst io.Writer) {
	b.ReportAllocs()
	if err := lab.BufioLines(dst, b.N); err != nil {
		b.Fatal(err)
	}
}

func benchMutexFloor(b *testing.B, dst io.Writer) {
	b.ReportAllocs()
	if err := lab.MutexLines(dst, b.N); err != nil {
		b.Fatal(err)
	}
}

func BenchmarkObjectsDrainLoop(b *testing.B) {
	b.ReportAllocs()
	if err := lab.Objects(b.N); err != nil {
		b.Fatal(err)
	}
}

func BenchmarkObjectsChannel(b *testing.B) {
	b.ReportAllocs()
	if err := lab.Channel(b.N); err != nil {
		b.Fatal(err)
	}
}
