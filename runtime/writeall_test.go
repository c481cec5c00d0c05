package runtime_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bpvet/bpvet/runtime"
)

// gatedSink returns a sink that records values and waits for a token on
// the returned channel before each batch, so a test decides when the
// writer drains.
func gatedSink(got *[]int) (func([]int) error, chan struct{}) {
	gate := make(chan struct{})
	return func(batch []int) error {
		<-gate
		*got = append(*got, batch...)
		return nil
	}, gate
}

func TestWriteAllStopsAtFalse(t *testing.T) {
	var got []int
	sink, gate := gatedSink(&got)
	w := runtime.NewWriter(sink, runtime.WithHighWaterMark(3))
	done := make(chan error, 1)
	go func() { done <- w.WriteAll(context.Background(), slices.Values([]int{0, 1, 2, 3, 4, 5, 6})) }()

	// With the sink held, WriteAll must stop at the third write, which
	// returns false, and stay there: a write past it would show within
	// the pause.
	waitFor(t, func() bool { return w.Stats().Writes >= 3 })
	time.Sleep(10 * time.Millisecond)
	if n := w.Stats().Writes; n != 3 {
		t.Fatalf("%d writes while the sink was held, want 3: WriteAll wrote past false", n)
	}
	close(gate)
	if err := recv(t, done, "WriteAll"); err != nil {
		t.Fatalf("WriteAll() = %v", err)
	}
	if err := w.End(); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, []int{0, 1, 2, 3, 4, 5, 6}) {
		t.Errorf("delivered %v, want 0..6 in order", got)
	}
	if st := w.Stats(); st.PeakLength > 3 || st.Drains == 0 {
		t.Errorf("Stats() = %+v, want PeakLength <= 3 and a drain", st)
	}
}

func TestWriteAllContext(t *testing.T) {
	t.Run("while waiting for drain", func(t *testing.T) {
		var got []int
		sink, gate := gatedSink(&got)
		w := runtime.NewWriter(sink, runtime.WithHighWaterMark(1))
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- w.WriteAll(ctx, slices.Values([]int{1, 2})) }()
		// The first write returns false: from then on WriteAll waits for
		// the drain, which the held sink never gives.
		waitFor(t, func() bool { return w.Stats().Writes >= 1 })
		cancel()
		if err := recv(t, done, "WriteAll"); !errors.Is(err, context.Canceled) {
			t.Errorf("WriteAll() = %v, want context.Canceled", err)
		}
		if n := w.Stats().Writes; n != 1 {
			t.Errorf("%d writes, want 1: WriteAll wrote past false", n)
		}
		close(gate)
		if err := w.End(); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("while the writer has room", func(t *testing.T) {
		w := runtime.NewWriter(func([]int) error { return nil })
		ctx, cancel := context.WithCancel(context.Background())
		n := 0
		var endless iter.Seq[int] = func(yield func(int) bool) {
			for n = 0; ; n++ {
				if n == 10 {
					cancel()
				}
				if !yield(n) {
					return
				}
			}
		}
		if err := w.WriteAll(ctx, endless); !errors.Is(err, context.Canceled) {
			t.Errorf("WriteAll() = %v, want context.Canceled", err)
		}
		if n != 10 {
			t.Errorf("the sequence ran to %d, want it stopped at 10", n)
		}
		if err := w.End(); err != nil {
			t.Fatal(err)
		}
	})
}

func TestWriteAllWriterErrors(t *testing.T) {
	t.Run("after End", func(t *testing.T) {
		w := runtime.NewWriter(func([]int) error { return nil })
		if err := w.End(); err != nil {
			t.Fatal(err)
		}
		if err := w.WriteAll(context.Background(), slices.Values([]int{1})); !errors.Is(err, runtime.ErrEnded) {
			t.Errorf("WriteAll after End = %v, want runtime.ErrEnded", err)
		}
	})
	t.Run("sink fails", func(t *testing.T) {
		w := runtime.NewWriter(func([]int) error { return errBoom }, runtime.WithHighWaterMark(2))
		err := w.WriteAll(context.Background(), slices.Values(make([]int, 100)))
		var de *runtime.DeliveryError
		if !errors.As(err, &de) || !errors.Is(err, errBoom) {
			t.Fatalf("WriteAll() = %v, want a *runtime.DeliveryError wrapping %v", err, errBoom)
		}
		if n := w.Stats().Writes; n >= 100 {
			t.Errorf("%d writes: WriteAll went on after the sink failed", n)
		}
		if err := w.End(); !errors.Is(err, errBoom) {
			t.Errorf("End() = %v, want the sink's error", err)
		}
	})
}

func TestOnceDrainFiresOnce(t *testing.T) {
	var got []int
	sink, gate := gatedSink(&got)
	w := runtime.NewWriter(sink, runtime.WithHighWaterMark(1))
	var calls atomic.Int32
	drained := make(chan struct{}, 2)
	if w.Write(1) {
		t.Fatal("Write at the mark returned true")
	}
	w.OnceDrain(func() { calls.Add(1); drained <- struct{}{} })
	gate <- struct{}{}
	recv(t, drained, "the first drain")

	// A second drain must not run the listener again.
	if w.Write(2) {
		t.Fatal("Write at the mark returned true")
	}
	gate <- struct{}{}
	if err := waitDrain(w); err != nil {
		t.Fatal(err)
	}
	close(gate)
	if err := w.End(); err != nil {
		t.Fatal(err)
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("OnceDrain listener ran %d times over two drains, want 1", n)
	}
	if st := w.Stats(); st.Drains != 2 {
		t.Errorf("Stats().Drains = %d, want 2", st.Drains)
	}
}

// WriteAll is the drain-aware loop in one call: here every value fills
// the writer, so each one waits for a drain.
func ExampleWriter_WriteAll() {
	w := runtime.NewWriter(func(batch []string) error {
		fmt.Println(batch)
		return nil
	}, runtime.WithHighWaterMark(1))
	if err := w.WriteAll(context.Background(), slices.Values([]string{"a", "b", "c"})); err != nil {
		fmt.Println("write:", err)
	}
	if err := w.End(); err != nil {
		fmt.Println("end:", err)
	}
	fmt.Println("drains:", w.Stats().Drains)
	// Output:
	// [a]
	// [b]
	// [c]
	// drains: 3
}
