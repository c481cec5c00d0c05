package runtime_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"testing"
	"time"

	"github.com/bpvet/bpvet/internal/lab"
	"github.com/bpvet/bpvet/runtime"
)

// The face is what zap calls a WriteSyncer.
var _ interface {
	io.Writer
	Sync() error
} = (*runtime.BlockingWriter)(nil)

type writeResult struct {
	n   int
	err error
}

func writeAsync(f io.Writer, p string) <-chan writeResult {
	done := make(chan writeResult, 1)
	go func() {
		n, err := f.Write([]byte(p))
		done <- writeResult{n, err}
	}()
	return done
}

// A Write that reaches the mark returns only after the drain: when it
// returns, the sink has everything, so memory stays bounded by the mark.
func TestBlockingWriteWaitsForDrain(t *testing.T) {
	dst := newBlockingWriter()
	w := runtime.NewByteWriter(dst, runtime.WithHighWaterMark(4))
	f := w.Blocking(context.Background())
	if n, err := f.Write([]byte("ab")); n != 2 || err != nil {
		t.Fatalf("Write below the mark = %d, %v", n, err)
	}
	recv(t, dst.entered, "first batch")
	done := writeAsync(f, "cdef") // length 6: at the mark
	dst.release <- nil
	recv(t, dst.entered, "second batch")
	dst.release <- nil
	if r := recv(t, done, "Write"); r.n != 4 || r.err != nil {
		t.Fatalf("Write at the mark = %d, %v", r.n, r.err)
	}
	if got := dst.String(); got != "abcdef" {
		t.Fatalf("Write at the mark returned with %q delivered, want all of %q", got, "abcdef")
	}
	if err := w.End(); err != nil {
		t.Fatal(err)
	}
}

// Write's errors: never a short count without one.
func TestBlockingWriteErrors(t *testing.T) {
	t.Run("after End", func(t *testing.T) {
		w := runtime.NewByteWriter(io.Discard)
		w.End()
		n, err := w.Blocking(context.Background()).Write([]byte("x"))
		if n != 0 || err != runtime.ErrWriteAfterEnd {
			t.Fatalf("Write after End = %d, %v; want 0, %v", n, err, runtime.ErrWriteAfterEnd)
		}
	})
	t.Run("sink failed during the wait", func(t *testing.T) {
		dst := newBlockingWriter()
		w := runtime.NewByteWriter(dst, runtime.WithHighWaterMark(2))
		f := w.Blocking(context.Background())
		done := writeAsync(f, "abc") // past the mark: waits
		recv(t, dst.entered, "batch")
		dst.release <- errBoom
		r := recv(t, done, "Write")
		var de *runtime.DeliveryError
		if r.n != 3 || !errors.As(r.err, &de) || de.Undelivered != 3 {
			t.Fatalf("Write = %d, %v; want 3 and a DeliveryError with 3 bytes undelivered", r.n, r.err)
		}
		// After the failure nothing is queued.
		if n, err := f.Write([]byte("d")); n != 0 || err != r.err {
			t.Fatalf("Write after the failure = %d, %v; want 0, %v", n, err, r.err)
		}
		if err := f.Sync(); err != r.err {
			t.Fatalf("Sync = %v, want %v", err, r.err)
		}
	})
	t.Run("ctx done during the wait", func(t *testing.T) {
		dst := newBlockingWriter()
		w := runtime.NewByteWriter(dst, runtime.WithHighWaterMark(2))
		ctx, cancel := context.WithCancel(context.Background())
		done := writeAsync(w.Blocking(ctx), "abc")
		recv(t, dst.entered, "batch")
		cancel()
		if r := recv(t, done, "Write"); r.n != 3 || r.err != context.Canceled {
			t.Fatalf("Write = %d, %v; want 3, %v", r.n, r.err, context.Canceled)
		}
		end := make(chan error, 1)
		go func() { end <- w.End() }()
		dst.release <- nil
		if err := recv(t, end, "End"); err != nil || dst.String() != "abc" {
			t.Fatalf("End = %v with %q delivered; the canceled Write's data must still be delivered", err, dst.String())
		}
	})
	t.Run("End during the wait", func(t *testing.T) {
		dst := newBlockingWriter()
		w := runtime.NewByteWriter(dst, runtime.WithHighWaterMark(2))
		// With a ctx that can be done, the Write waits for the flusher
		// instead of calling the blocked sink itself.
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		done := writeAsync(w.Blocking(ctx), "abc")
		recv(t, dst.entered, "batch")
		end := make(chan error, 1)
		go func() { end <- w.End() }()
		// The sink is still blocked: only End can end the wait, and End
		// delivers the data, so the Write succeeded.
		if r := recv(t, done, "Write"); r.n != 3 || r.err != nil {
			t.Fatalf("Write = %d, %v; want 3, nil", r.n, r.err)
		}
		dst.release <- nil
		if err := recv(t, end, "End"); err != nil || dst.String() != "abc" {
			t.Fatalf("End = %v with %q delivered", err, dst.String())
		}
	})
}

// Sync waits for delivery and keeps the writer open.
func TestBlockingSync(t *testing.T) {
	dst := newBlockingWriter()
	w := runtime.NewByteWriter(dst)
	f := w.Blocking(context.Background())
	f.Write([]byte("a"))
	recv(t, dst.entered, "batch")
	done := make(chan error, 1)
	go func() { done <- f.Sync() }()
	select {
	case err := <-done:
		t.Fatalf("Sync returned %v while the sink still held the batch", err)
	case <-time.After(20 * time.Millisecond):
	}
	dst.release <- nil
	if err := recv(t, done, "Sync"); err != nil || dst.String() != "a" {
		t.Fatalf("Sync = %v with %q delivered", err, dst.String())
	}
	if n, err := f.Write([]byte("b")); n != 1 || err != nil {
		t.Fatalf("Write after Sync = %d, %v", n, err)
	}
	end := make(chan error, 1)
	go func() { end <- w.End() }()
	recv(t, dst.entered, "batch")
	dst.release <- nil
	if err := recv(t, end, "End"); err != nil || dst.String() != "ab" {
		t.Fatalf("End = %v with %q delivered", err, dst.String())
	}
}

// Concurrent writers through the face into a small mark: every line
// arrives once, each writer's lines in order.
func TestBlockingConcurrent(t *testing.T) {
	var out syncBuffer
	w := runtime.NewByteWriter(&out, runtime.WithHighWaterMark(64))
	f := w.Blocking(context.Background())
	const writers, lines = 4, 500
	var wg sync.WaitGroup
	for g := range writers {
		wg.Go(func() {
			for i := range lines {
				if _, err := fmt.Fprintf(f, "%d %d\n", g, i); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	if err := w.End(); err != nil {
		t.Fatal(err)
	}
	next := make([]int, writers)
	for _, l := range bytes.Split(bytes.TrimSuffix([]byte(out.String()), []byte("\n")), []byte("\n")) {
		var g, i int
		if _, err := fmt.Sscanf(string(l), "%d %d", &g, &i); err != nil || i != next[g] {
			t.Fatalf("line %q: want line %d of writer %d", l, next[g], g)
		}
		next[g]++
	}
	for g, n := range next {
		if n != lines {
			t.Fatalf("writer %d: %d lines, want %d", g, n, lines)
		}
	}
	if st := w.Stats(); st.PeakLength > 64+writers*len("3 499\n") {
		t.Fatalf("peak length %d: more than the mark plus a line per writer", st.PeakLength)
	}
}

// The explainer's lines through the face into io.Discard: the drain-aware
// loop's cost, plus the face's call.
func BenchmarkLinesBlocking(b *testing.B) {
	b.ReportAllocs()
	w := runtime.NewByteWriter(io.Discard)
	f := w.Blocking(context.Background())
	var line []byte
	for i := range b.N {
		line = lab.AppendLine(line, i)
		if _, err := f.Write(line); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.End(); err != nil {
		b.Fatal(err)
	}
}
