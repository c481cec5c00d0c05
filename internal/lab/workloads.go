package lab

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strconv"
	"sync"

	"github.com/bpvet/bpvet/runtime"
)

// The runtime's benchmark workloads, shared by bench/runtime (one process
// per run, for wall time and RSS) and the runtime's Go benchmarks.

// AppendLine appends the explainer's "line i\n" to b[:0].
func AppendLine(b []byte, i int) []byte {
	b = append(b[:0], "line "...)
	b = strconv.AppendInt(b, int64(i), 10)
	return append(b, '\n')
}

// DrainLines writes n lines to dst through a ByteWriter with the drain-aware
// loop: write until false, then WaitDrain. dst is left open.
func DrainLines(dst io.Writer, n int) (runtime.Stats, error) {
	ctx := context.Background()
	return drainLines(dst, n, func(w *runtime.ByteWriter) error { return w.WaitDrain(ctx) })
}

// DrainChanLines is DrainLines with the loop of the explainer and of the
// analyzer's fix: if !w.Write(p) { <-w.Drain() }.
func DrainChanLines(dst io.Writer, n int) (runtime.Stats, error) {
	return drainLines(dst, n, func(w *runtime.ByteWriter) error { <-w.Drain(); return nil })
}

func drainLines(dst io.Writer, n int, wait func(*runtime.ByteWriter) error) (runtime.Stats, error) {
	w := runtime.NewByteWriter(dst, runtime.WithKeepOpen())
	var line []byte
	for i := range n {
		line = AppendLine(line, i)
		if !w.Write(line) {
			if err := wait(w); err != nil {
				return w.Stats(), err
			}
		}
	}
	err := w.End()
	return w.Stats(), err
}

// BufioLines writes the same n lines through a 64 KiB bufio.Writer.
func BufioLines(dst io.Writer, n int) error { return bufLines(dst, n, false) }

// MutexLines makes BufioLines' writes with a sync.Mutex held around each
// line's append to the 64 KiB buffer; flushes stay on this goroutine. It is
// the least any mutex-guarded queue does per line: the floor for
// ByteWriter, which takes its lock once per Write.
func MutexLines(dst io.Writer, n int) error { return bufLines(dst, n, true) }

// bufLines is the loop of BufioLines and MutexLines, so that the two differ
// by the lock alone.
func bufLines(dst io.Writer, n int, locked bool) error {
	w := bufio.NewWriterSize(dst, 64*1024)
	var mu sync.Mutex
	var line []byte
	for i := range n {
		line = AppendLine(line, i)
		if locked {
			mu.Lock()
		}
		_, err := w.Write(line)
		if locked {
			mu.Unlock()
		}
		if err != nil {
			return err
		}
	}
	return w.Flush()
}

// Point is the small struct of the object-mode workloads.
type Point struct {
	ID    int64
	Value float64
	Tag   uint32
}

func point(i int) Point { return Point{ID: int64(i), Value: float64(i), Tag: uint32(i)} }

// Objects sends n Points through a Writer with a batch sink, drain-aware.
func Objects(n int) error {
	var sum int64
	w := runtime.NewWriter(func(batch []Point) error {
		for _, p := range batch {
			sum += p.ID
		}
		return nil
	})
	ctx := context.Background()
	for i := range n {
		if !w.Write(point(i)) {
			if err := w.WaitDrain(ctx); err != nil {
				return err
			}
		}
	}
	if err := w.End(); err != nil {
		return err
	}
	return checkSum(sum, n)
}

// Channel is the object-mode baseline: a buffered channel of capacity 16
// and one consumer goroutine.
func Channel(n int) error {
	ch := make(chan Point, 16)
	done := make(chan int64)
	go func() {
		var sum int64
		for p := range ch {
			sum += p.ID
		}
		done <- sum
	}()
	for i := range n {
		ch <- point(i)
	}
	close(ch)
	return checkSum(<-done, n)
}

func checkSum(sum int64, n int) error {
	if want := int64(n) * int64(n-1) / 2; sum != want {
		return fmt.Errorf("consumer saw sum %d, want %d", sum, want)
	}
	return nil
}
