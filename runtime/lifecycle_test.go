package runtime_test

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/bpvet/bpvet/runtime"
)

// Rule 4: the first sink error errors the writer; the error says how much
// accepted data was lost; error then close fire; dst is closed.
func TestSinkErrorFailsWriter(t *testing.T) {
	dst := newBlockingWriter()
	w := runtime.NewByteWriter(dst, runtime.WithHighWaterMark(4))
	var log eventLog
	for _, ev := range []runtime.Event{runtime.EventDrain, runtime.EventError, runtime.EventFinish, runtime.EventClose} {
		w.On(ev, log.add(string(ev)))
	}
	w.WriteString("abc")
	recv(t, dst.entered, "first batch")
	w.WriteString("defg") // queued: 4 more, and a drain is pending
	drain := w.Drain()
	dst.release <- errBoom

	if !closedWithin(drain, 5*time.Second) {
		t.Fatal("Drain() channel must close on error so that no waiter hangs")
	}
	err := waitDrain(w)
	var de *runtime.DeliveryError
	if !errors.As(err, &de) || !errors.Is(err, errBoom) {
		t.Fatalf("WaitDrain = %v, want the DeliveryError", err)
	}
	if de.Delivered != 0 || de.Undelivered != 7 || !strings.Contains(err.Error(), "7 bytes undelivered") {
		t.Fatalf("error = %v (delivered %d, undelivered %d), want 7 bytes undelivered", err, de.Delivered, de.Undelivered)
	}
	if w.WriteString("more") {
		t.Fatal("Write after an error returned true")
	}
	if n := w.WritableLength(); n != 0 {
		t.Fatalf("length after error = %d, want 0", n)
	}
	if got := w.End(); got != err {
		t.Fatalf("End = %v, want the first error %v", got, err)
	}
	if got := w.Err(); got != err {
		t.Fatalf("Err = %v, want %v", got, err)
	}
	// The listeners run on the goroutine that delivered, maybe after End
	// returned.
	waitFor(t, func() bool { return strings.Contains(log.String(), "close") })
	if log.String() != "error close" {
		t.Fatalf("events = %q, want %q (no drain after an error)", log.String(), "error close")
	}
	if dst.closed != 1 {
		t.Fatalf("dst closed %d times, want 1", dst.closed)
	}
}

func TestSinkErrorAtKthBatch(t *testing.T) {
	for k := 1; k <= 4; k++ {
		calls := 0
		var delivered []int
		w := runtime.NewWriter(func(batch []int) error {
			calls++
			if calls == k {
				return errBoom
			}
			delivered = append(delivered, batch...)
			return nil
		}, runtime.WithHighWaterMark(3))
		accepted := 0
		for i := range 100 {
			if !w.Write(i) {
				if waitDrain(w) != nil {
					break
				}
			}
			accepted++
		}
		err := w.End()
		var de *runtime.DeliveryError
		if !errors.As(err, &de) {
			t.Fatalf("k=%d: End = %v, want a DeliveryError", k, err)
		}
		if int(de.Delivered) != len(delivered) || de.Delivered+de.Undelivered != w.Stats().Accepted {
			t.Fatalf("k=%d: %v with %d delivered of %d accepted", k, err, len(delivered), w.Stats().Accepted)
		}
		for i, v := range delivered {
			if v != i {
				t.Fatalf("k=%d: delivered[%d] = %d: reordered or dropped", k, i, v)
			}
		}
	}
}

func TestPanickingSink(t *testing.T) {
	w := runtime.NewWriter(func([]string) error { panic("kaput") })
	w.Write("x")
	err := w.End()
	var pe *runtime.PanicError
	if !errors.As(err, &pe) || pe.Value != "kaput" {
		t.Fatalf("End = %v, want a PanicError with the panic value", err)
	}
}

// Rule 5: End flushes, closes dst, fires finish then close, and is safe to
// call again.
func TestEndFlushesAndCloses(t *testing.T) {
	dst := newBlockingWriter()
	w := runtime.NewByteWriter(dst)
	var log eventLog
	w.On(runtime.EventFinish, log.add("finish"))
	w.On(runtime.EventClose, log.add("close"))
	//bpvet:ignore BP002 records every event to check none fires after an error
	w.On(runtime.EventDrain, log.add("drain"))
	w.WriteString("one ")
	recv(t, dst.entered, "first batch")
	w.WriteString("two")
	done := make(chan error, 1)
	go func() { done <- w.End() }()
	dst.release <- nil
	recv(t, dst.entered, "second batch")
	select {
	case <-done:
		t.Fatal("End returned before the data was delivered")
	case <-time.After(10 * time.Millisecond):
	}
	dst.release <- nil
	if err := recv(t, done, "End"); err != nil {
		t.Fatal(err)
	}
	if dst.String() != "one two" || dst.closed != 1 {
		t.Fatalf("delivered %q, closed %d", dst.String(), dst.closed)
	}
	if log.String() != "finish close" {
		t.Fatalf("events = %q, want finish close", log.String())
	}
	if err := w.End(); err != nil || dst.closed != 1 {
		t.Fatalf("second End = %v, closed %d times", err, dst.closed)
	}
}

func TestEndKeepOpen(t *testing.T) {
	dst := &closeCounter{}
	w := runtime.NewByteWriter(dst, runtime.WithKeepOpen())
	w.WriteString("x")
	if err := w.End(); err != nil || dst.closed != 0 {
		t.Fatalf("End = %v, closed %d; WithKeepOpen must not close", err, dst.closed)
	}
}

func TestEndReturnsCloseError(t *testing.T) {
	dst := &closeCounter{err: errBoom}
	w := runtime.NewByteWriter(dst)
	var log eventLog
	w.On(runtime.EventError, log.add("error"))
	w.On(runtime.EventFinish, log.add("finish"))
	w.On(runtime.EventClose, log.add("close"))
	if err := w.End(); !errors.Is(err, errBoom) {
		t.Fatalf("End = %v, want the Close error", err)
	}
	if log.String() != "error close" {
		t.Fatalf("events = %q, want error close", log.String())
	}
}

type closeCounter struct {
	io.Writer
	closed int
	err    error
}

func (c *closeCounter) Write(p []byte) (int, error) { return len(p), nil }
func (c *closeCounter) Close() error                { c.closed++; return c.err }

// Node emits ERR_STREAM_WRITE_AFTER_END; the runtime surfaces
// ErrWriteAfterEnd through Err and the error event.
func TestWriteAfterEnd(t *testing.T) {
	w := runtime.NewByteWriter(io.Discard)
	var log eventLog
	w.On(runtime.EventError, log.add("error"))
	if err := w.End(); err != nil {
		t.Fatal(err)
	}
	if w.WriteString("late") {
		t.Fatal("Write after End returned true")
	}
	if err := w.Err(); !errors.Is(err, runtime.ErrWriteAfterEnd) {
		t.Fatalf("Err = %v, want ErrWriteAfterEnd", err)
	}
	if log.String() != "error" {
		t.Fatalf("events = %q, want one error", log.String())
	}
	if w.Stats().Accepted != 0 {
		t.Fatal("data written after End was counted as accepted")
	}
}

// A pending drain never fires after End; its waiters are released.
func TestNoDrainAfterEnd(t *testing.T) {
	dst := newBlockingWriter()
	w := runtime.NewByteWriter(dst, runtime.WithHighWaterMark(1))
	var log eventLog
	//bpvet:ignore BP002 records every event to check no drain after End
	w.On(runtime.EventDrain, log.add("drain"))
	w.WriteString("ab")
	recv(t, dst.entered, "batch")
	waited := make(chan error, 1)
	go func() { waited <- w.WaitDrain(context.Background()) }()
	done := make(chan error, 1)
	go func() { done <- w.End() }()
	if err := recv(t, waited, "WaitDrain"); !errors.Is(err, runtime.ErrEnded) {
		t.Fatalf("WaitDrain after End = %v, want ErrEnded", err)
	}
	dst.release <- nil
	if err := recv(t, done, "End"); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(log.String(), "drain") {
		t.Fatal("drain fired after End")
	}
}

func TestWaitDrainContext(t *testing.T) {
	dst := newBlockingWriter()
	w := runtime.NewByteWriter(dst, runtime.WithHighWaterMark(1))
	w.WriteString("ab")
	recv(t, dst.entered, "batch")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	if err := w.WaitDrain(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("WaitDrain = %v, want DeadlineExceeded", err)
	}
	dst.release <- nil
	if err := waitDrain(w); err != nil {
		t.Fatal(err)
	}
	if err := w.End(); err != nil {
		t.Fatal(err)
	}
}

// A writer that was never written to holds no goroutine, and an ended one
// leaves none behind.
func TestGoroutines(t *testing.T) {
	before := goleak.IgnoreCurrent()
	w := runtime.NewByteWriter(io.Discard)
	if err := goleak.Find(before); err != nil {
		t.Fatalf("an idle writer holds a goroutine: %v", err)
	}
	for range 1000 {
		//bpvet:ignore BP001 a bounded burst; only the goroutine count matters here
		w.WriteString("line\n")
	}
	if err := w.End(); err != nil {
		t.Fatal(err)
	}
	if err := goleak.Find(before); err != nil {
		t.Fatalf("an ended writer left a goroutine: %v", err)
	}
}

// Listeners may call End themselves, from any event.
func TestEndFromListeners(t *testing.T) {
	w := runtime.NewByteWriter(io.Discard)
	ended := make(chan error, 2)
	w.On(runtime.EventFinish, func() { ended <- w.End() })
	w.On(runtime.EventClose, func() { ended <- w.End() })
	w.WriteString("x")
	if err := w.End(); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := recv(t, ended, "End from a listener"); err != nil {
			t.Fatal(err)
		}
	}
}

// As in Node, an empty write to an empty writer returns true even with a
// highWaterMark of 0; any other write under mark 0 returns false.
func TestHighWaterMarkZero(t *testing.T) {
	w := runtime.NewByteWriter(io.Discard, runtime.WithHighWaterMark(0))
	if !w.Write(nil) {
		t.Fatal("empty write to an empty writer returned false")
	}
	if w.WriteString("a") {
		t.Fatal("non-empty write under mark 0 returned true")
	}
	if err := w.WaitDrain(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := w.End(); err != nil {
		t.Fatal(err)
	}
}

// A sink that delivered part of its batch says so with a PartialError, and
// the DeliveryError counts exactly the rest.
func TestPartialBatch(t *testing.T) {
	sink, entered, release := heldSink[string]()
	w := runtime.NewWriter(sink, runtime.WithSize(func(s string) int { return len(s) }))
	w.Write("first")
	recv(t, entered, "first batch")
	for _, s := range []string{"ab", "cde", "fghi"} {
		//bpvet:ignore BP001 three values queued behind a blocked sink on purpose
		w.Write(s)
	}
	release <- nil
	if b := recv(t, entered, "second batch"); len(b) != 3 {
		t.Fatalf("second batch = %q, want three values", b)
	}
	release <- &runtime.PartialError{N: 1, Err: errBoom}
	err := w.End()
	var de *runtime.DeliveryError
	if !errors.As(err, &de) || !errors.Is(err, errBoom) {
		t.Fatalf("End = %v, want a DeliveryError wrapping %v", err, errBoom)
	}
	if de.Delivered != 7 || de.Undelivered != 7 {
		t.Fatalf("delivered %d, undelivered %d; want 7 and 7 (first, ab | cde, fghi)", de.Delivered, de.Undelivered)
	}
}
