// Command runtime-bench runs one of the explainer's workloads in this
// process and prints one line: mode, N, wall seconds, peak RSS (VmHWM) in KiB.
// run.sh starts it once per mode so that each RSS figure is its own.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/bpvet/bpvet/internal/lab"
	"github.com/bpvet/bpvet/runtime"
)

func main() {
	mode := flag.String("mode", "drain", "drain | bufio | objects | chan")
	n := flag.Int("n", 5_000_000, "lines or values")
	out := flag.String("out", os.DevNull, "destination file for byte modes")
	flag.Parse()

	start := time.Now()
	var err error
	switch *mode {
	case "drain":
		err = withFile(*out, func(f *os.File) error { return drainLoop(f, *n) })
	case "bufio":
		err = withFile(*out, func(f *os.File) error { return bufioLoop(f, *n) })
	case "objects":
		err = objects(*n)
	case "chan":
		err = channel(*n)
	default:
		err = fmt.Errorf("-mode: unknown mode %q", *mode)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "runtime-bench:", err)
		os.Exit(1)
	}
	elapsed := time.Since(start)
	peak, err := lab.PeakRSS()
	if err != nil {
		fmt.Fprintln(os.Stderr, "runtime-bench:", err)
		os.Exit(1)
	}
	fmt.Printf("%s %d %.3f %d\n", *mode, *n, elapsed.Seconds(), peak>>10)
}

func withFile(path string, fn func(*os.File) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := fn(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func appendLine(b []byte, i int) []byte {
	b = append(b[:0], "line "...)
	b = strconv.AppendInt(b, int64(i), 10)
	return append(b, '\n')
}

// drainLoop is the explainer's drain-aware loop: write until false, then
// wait for drain.
func drainLoop(f *os.File, n int) error {
	w := runtime.NewByteWriter(f, runtime.WithKeepOpen())
	ctx := context.Background()
	var line []byte
	for i := range n {
		line = appendLine(line, i)
		if !w.Write(line) {
			if err := w.WaitDrain(ctx); err != nil {
				return err
			}
		}
	}
	return w.End()
}

func bufioLoop(f io.Writer, n int) error {
	w := bufio.NewWriterSize(f, 64*1024)
	var line []byte
	for i := range n {
		line = appendLine(line, i)
		if _, err := w.Write(line); err != nil {
			return err
		}
	}
	return w.Flush()
}

type point struct {
	ID    int64
	Value float64
	Tag   uint32
}

// objects sends small structs through a Writer with a batch sink.
func objects(n int) error {
	var sum int64
	w := runtime.NewWriter(func(batch []point) error {
		for _, p := range batch {
			sum += p.ID
		}
		return nil
	})
	ctx := context.Background()
	for i := range n {
		if !w.Write(point{ID: int64(i), Value: float64(i), Tag: uint32(i)}) {
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

// channel is the baseline: a buffered channel of capacity 16 and one
// consumer goroutine.
func channel(n int) error {
	ch := make(chan point, 16)
	done := make(chan int64)
	go func() {
		var sum int64
		for p := range ch {
			sum += p.ID
		}
		done <- sum
	}()
	for i := range n {
		ch <- point{ID: int64(i), Value: float64(i), Tag: uint32(i)}
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
