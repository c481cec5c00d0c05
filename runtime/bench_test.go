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

// The explainer's workload: "line N\n" through a drain-aware loop.
func BenchmarkLinesDrainLoop(b *testing.B) {
	b.ReportAllocs()
	w := runtime.NewByteWriter(io.Discard)
	ctx := context.Background()
	var line []byte
	for i := 0; i < b.N; i++ {
		line = append(strconv.AppendInt(append(line[:0], "line "...), int64(i), 10), '\n')
		if !w.Write(line) {
			if err := w.WaitDrain(ctx); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := w.End(); err != nil {
		b.Fatal(err)
	}
}

func BenchmarkLinesBufio(b *testing.B) {
	b.ReportAllocs()
	w := bufio.NewWriterSize(io.Discard, 64*1024)
	var line []byte
	for i := 0; i < b.N; i++ {
		line = append(strconv.AppendInt(append(line[:0], "line "...), int64(i), 10), '\n')
		w.Write(line)
	}
	w.Flush()
}

func devNull(b *testing.B) *os.File {
	f, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		b.Fatal(err)
	}
	return f
}

func BenchmarkLinesDrainLoopDevNull(b *testing.B) {
	w := runtime.NewByteWriter(devNull(b))
	ctx := context.Background()
	var line []byte
	for i := 0; i < b.N; i++ {
		line = append(strconv.AppendInt(append(line[:0], "line "...), int64(i), 10), '\n')
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

func BenchmarkLinesBufioDevNull(b *testing.B) {
	f := devNull(b)
	w := bufio.NewWriterSize(f, 64*1024)
	var line []byte
	for i := 0; i < b.N; i++ {
		line = append(strconv.AppendInt(append(line[:0], "line "...), int64(i), 10), '\n')
		w.Write(line)
	}
	w.Flush()
	f.Close()
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
