package runtime_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/bpvet/bpvet/runtime"
)

// flushAsync runs w.Flush(ctx) on a new goroutine.
func flushAsync(ctx context.Context, w interface{ Flush(context.Context) error }) <-chan error {
	done := make(chan error, 1)
	go func() { done <- w.Flush(ctx) }()
	return done
}

// Flush returns once everything accepted before it reached the sink, and
// the writer stays open; it closes nothing, with or without WithKeepOpen.
func TestFlushDeliversAndKeepsWriting(t *testing.T) {
	for _, keepOpen := range []bool{false, true} {
		dst := newBlockingWriter()
		var opts []runtime.Option
		if keepOpen {
			opts = append(opts, runtime.WithKeepOpen())
		}
		w := runtime.NewByteWriter(dst, opts...)
		w.WriteString("a") //bpvet:ignore BP001 far below the mark
		recv(t, dst.entered, "first batch")
		w.WriteString("bc") //bpvet:ignore BP001 queued behind the batch in flight, below the mark
		done := flushAsync(context.Background(), w)
		dst.release <- nil
		if got := string(recv(t, dst.entered, "second batch")); got != "bc" {
			t.Fatalf("second batch %q, want %q", got, "bc")
		}
		dst.release <- nil
		if err := recv(t, done, "Flush"); err != nil {
			t.Fatalf("Flush = %v", err)
		}
		// The sink stores a batch before it returns, so everything is
		// there when Flush returns.
		if got := dst.String(); got != "abc" {
			t.Fatalf("after Flush the sink has %q, want %q", got, "abc")
		}
		dst.mu.Lock()
		closed := dst.closed
		dst.mu.Unlock()
		if closed != 0 {
			t.Fatalf("keepOpen %v: Flush closed the destination", keepOpen)
		}
		if !w.WriteString("d") {
			t.Fatal("Write after Flush returned false")
		}
		end := make(chan error, 1)
		go func() { end <- w.End() }()
		recv(t, dst.entered, "last batch")
		dst.release <- nil
		if err := recv(t, end, "End"); err != nil {
			t.Fatalf("End = %v", err)
		}
		want := 1
		if keepOpen {
			want = 0
		}
		if dst.String() != "abcd" || dst.closed != want {
			t.Fatalf("keepOpen %v: sink has %q, closed %d times; want %q, %d", keepOpen, dst.String(), dst.closed, "abcd", want)
		}
	}
}

// Writes made while Flush waits do not extend its wait. The sink itself
// writes one more byte during every batch, and two goroutines keep
// writing, so the writer never empties while Flush waits: a Flush that
// waited for an empty writer would never return.
func TestFlushNotExtendedByLaterWrites(t *testing.T) {
	var w *runtime.ByteWriter
	var delivered atomic.Int64
	var feeding atomic.Bool
	feeding.Store(true)
	w = runtime.NewByteWriter(writerFunc(func(p []byte) (int, error) {
		delivered.Add(int64(len(p)))
		if feeding.Load() {
			w.WriteString("x") // accepted after the batch was taken
		}
		return len(p), nil
	}))
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			for feeding.Load() {
				if !w.WriteString("concurrent write\n") {
					if err := w.WaitDrain(context.Background()); err != nil {
						t.Error(err)
						return
					}
				}
			}
		})
	}
	for range 3 {
		w.WriteString("before the call\n") //bpvet:ignore BP001 Flush waits for it
		before := w.Stats().Accepted
		if err := recv(t, flushAsync(context.Background(), w), "Flush"); err != nil {
			t.Fatalf("Flush = %v", err)
		}
		if got := delivered.Load(); got < before {
			t.Fatalf("Flush returned with %d bytes delivered, %d accepted before the call", got, before)
		}
	}
	feeding.Store(false)
	wg.Wait()
	if err := w.End(); err != nil {
		t.Fatal(err)
	}
	if st := w.Stats(); delivered.Load() != st.Accepted {
		t.Fatalf("delivered %d of %d bytes", delivered.Load(), st.Accepted)
	}
}

// Flush is not a drain: it fires none of its own, and a drain that Write's
// false made pending fires once, when the length returns to 0.
func TestFlushDoesNotDrain(t *testing.T) {
	var drains atomic.Int64
	w := runtime.NewByteWriter(writerFunc(func(p []byte) (int, error) { return len(p), nil }), runtime.WithHighWaterMark(4))
	w.On(runtime.EventDrain, func() { drains.Add(1) })
	ctx := context.Background()
	w.WriteString("ab")
	if err := w.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if n := w.Stats().Drains; n != 0 || drains.Load() != 0 {
		t.Fatalf("Flush without a false Write: %d drains, %d listener calls; want none", n, drains.Load())
	}
	if w.WriteString("cdefg") {
		t.Fatal("Write past the mark returned true")
	}
	if err := w.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if err := w.End(); err != nil {
		t.Fatal(err)
	}
	if n := w.Stats().Drains; n != 1 {
		t.Fatalf("%d drains after a false Write and a Flush, want 1", n)
	}
}

// After End, everything accepted was delivered: Flush returns nil, not
// End's Close error nor ErrWriteAfterEnd, as a deferred zap Sync after
// closing expects.
func TestFlushAfterEnd(t *testing.T) {
	errClose := errors.New("close failed")
	dst := &closeCounter{err: errClose}
	w := runtime.NewByteWriter(dst)
	w.WriteString("data")
	if err := w.End(); err != errClose {
		t.Fatalf("End = %v, want %v", err, errClose)
	}
	w.WriteString("late") // sets Err to ErrWriteAfterEnd
	if err := w.Flush(context.Background()); err != nil {
		t.Fatalf("Flush after End = %v, want nil", err)
	}
	if dst.closed != 1 {
		t.Fatalf("closed %d times, want 1", dst.closed)
	}
}

// Flush returns the writer's DeliveryError when the sink fails during the
// call or failed before it, in both modes.
func TestFlushError(t *testing.T) {
	dst := newBlockingWriter()
	bw := runtime.NewByteWriter(dst)
	bw.WriteString("a")
	recv(t, dst.entered, "batch")
	bw.WriteString("b")
	done := flushAsync(context.Background(), bw)
	dst.release <- errBoom
	checkFlushError(t, "ByteWriter, during", recv(t, done, "Flush"), bw.Err())
	checkFlushError(t, "ByteWriter, after", recv(t, flushAsync(context.Background(), bw), "Flush"), bw.Err())

	sink, entered, release := heldSink[int]()
	ow := runtime.NewWriter(sink)
	ow.Write(1)
	recv(t, entered, "batch")
	ow.Write(2)
	done = flushAsync(context.Background(), ow)
	release <- nil
	recv(t, entered, "second batch")
	release <- errBoom
	checkFlushError(t, "Writer, during", recv(t, done, "Flush"), ow.Err())
	checkFlushError(t, "Writer, after", recv(t, flushAsync(context.Background(), ow), "Flush"), ow.Err())
	if err := ow.End(); err != ow.Err() {
		t.Fatalf("End = %v", err)
	}
	bw.End()
}

func checkFlushError(t *testing.T, what string, err, werr error) {
	t.Helper()
	var de *runtime.DeliveryError
	if !errors.As(err, &de) || !errors.Is(err, errBoom) || err != werr {
		t.Fatalf("%s: Flush = %v, want the writer's DeliveryError %v", what, err, werr)
	}
}

// Flush gives up when ctx is done; the data stays queued and End delivers it.
func TestFlushContext(t *testing.T) {
	dst := newBlockingWriter()
	w := runtime.NewByteWriter(dst)
	w.WriteString("a")
	recv(t, dst.entered, "batch")
	w.WriteString("b")
	ctx, cancel := context.WithCancel(context.Background())
	waiting := make(chan struct{}, 1)
	done := flushAsync(doneCalled{ctx, waiting}, w)
	<-waiting // Flush waits on ctx.Done now
	cancel()
	if err := recv(t, done, "Flush"); err != context.Canceled {
		t.Fatalf("Flush = %v, want %v", err, context.Canceled)
	}
	end := make(chan error, 1)
	go func() { end <- w.End() }()
	dst.release <- nil
	recv(t, dst.entered, "second batch")
	dst.release <- nil
	if err := recv(t, end, "End"); err != nil || dst.String() != "ab" {
		t.Fatalf("End = %v with %q delivered, want nil and %q", err, dst.String(), "ab")
	}
	// Nothing left to wait for: a done ctx does not matter.
	if err := w.Flush(ctx); err != nil {
		t.Fatalf("Flush with nothing pending and a canceled ctx = %v, want nil", err)
	}
}

// Flush on an object-mode writer waits for the values written before it.
func TestWriterFlush(t *testing.T) {
	var mu sync.Mutex
	var got []int
	w := runtime.NewWriter(func(batch []int) error {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, batch...)
		return nil
	})
	for i := range 100 {
		if !w.Write(i) {
			if err := w.WaitDrain(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := w.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	n := len(got)
	mu.Unlock()
	if n != 100 {
		t.Fatalf("Flush returned with %d of 100 values delivered", n)
	}
	if err := w.End(); err != nil {
		t.Fatal(err)
	}
}

// doneCalled is a context that reports the first call of Done, which a
// wait on the context makes before it blocks.
type doneCalled struct {
	context.Context
	called chan struct{}
}

func (c doneCalled) Done() <-chan struct{} {
	select {
	case c.called <- struct{}{}:
	default:
	}
	return c.Context.Done()
}
