package runtime_test

import (
	"bufio"
	"context"
	"io"
	"os"
	"strconv"
	"testing"

	"github.com/bpvet/bpvet/runtime"
)

// The explainer's workload: "line N\n" through a drain-aware loop, and the
// same writes through a bufio.Writer, into io.Discard, /dev/null or a file.

func BenchmarkLinesDrainLoop(b *testing.B)        { benchDrainLoop(b, io.Discard) }
func BenchmarkLinesBufio(b *testing.B)            { benchBufio(b, io.Discard) }
func BenchmarkLinesDrainLoopDevNull(b *testing.B) { benchDrainLoop(b, openBench(b, os.DevNull)) }
func BenchmarkLinesBufioDevNull(b *testing.B)     { benchBufio(b, openBench(b, os.DevNull)) }
func BenchmarkLinesDrainLoopFile(b *testing.B)    { benchDrainLoop(b, openBench(b, "")) }
func BenchmarkLinesBufioFile(b *testing.B)        { benchBufio(b, openBench(b, "")) }

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

func appendLine(line []byte, i int) []byte {
	return append(strconv.AppendInt(append(line[:0], "line "...), int64(i), 10), '\n')
}

func benchDrainLoop(b *testing.B, dst io.Writer) {
	b.ReportAllocs()
	w := runtime.NewByteWriter(dst, runtime.WithKeepOpen())
	ctx := context.Background()
	var line []byte
	for i := 0; i < b.N; i++ {
		line = appendLine(line, i)
		if !w.Write(line) {
			if err := w.WaitDrain(ctx); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := w.End(); err != nil {
		b.Fatal(err)
	}
	st := w.Stats()
	b.ReportMetric(float64(st.Batches), "batches")
	b.ReportMetric(float64(st.Drains), "drains")
}

func benchBufio(b *testing.B, dst io.Writer) {
	b.ReportAllocs()
	w := bufio.NewWriterSize(dst, 64*1024)
	var line []byte
	for i := 0; i < b.N; i++ {
		line = appendLine(line, i)
		if _, err := w.Write(line); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
}

type point struct {
	ID    int64
	Value float64
}

func BenchmarkObjectsDrainLoop(b *testing.B) {
	b.ReportAllocs()
	var sum int64
	w := runtime.NewWriter(func(batch []point) error {
		for _, p := range batch {
			sum += p.ID
		}
		return nil
	})
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		if !w.Write(point{ID: int64(i)}) {
			if err := w.WaitDrain(ctx); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := w.End(); err != nil {
		b.Fatal(err)
	}
}

func BenchmarkObjectsChannel(b *testing.B) {
	b.ReportAllocs()
	ch := make(chan point, 16)
	done := make(chan int64)
	go func() {
		var sum int64
		for p := range ch {
			sum += p.ID
		}
		done <- sum
	}()
	for i := 0; i < b.N; i++ {
		ch <- point{ID: int64(i)}
	}
	close(ch)
	<-done
}
