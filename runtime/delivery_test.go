package runtime_test

import (
	"bytes"
	"context"
	"io"
	goruntime "runtime"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/bpvet/bpvet/runtime"
	"go.uber.org/goleak"
)

// An option that would do nothing on a constructor makes it panic.
func TestOptionForTheOtherConstructorPanics(t *testing.T) {
	for name, build := range map[string]func(){
		"NewByteWriter":      func() { runtime.NewByteWriter(io.Discard, runtime.WithSize(func([]byte) int { return 1 })) },
		"NewWriter/KeepOpen": func() { runtime.NewWriter(func([]int) error { return nil }, runtime.WithKeepOpen()) },
	} {
		func() {
			defer func() {
				v, _ := recover().(string)
				if !strings.Contains(v, "With") || !strings.Contains(v, "NewWriter") && !strings.Contains(v, "NewByteWriter") {
					t.Errorf("%s: panic %q, want one naming the option and the constructor", name, v)
				}
			}()
			build()
		}()
	}
}

// inWaitDrain reports whether the caller runs inside WaitDrain.
func inWaitDrain() bool {
	buf := make([]byte, 16<<10)
	return bytes.Contains(buf[:goruntime.Stack(buf, false)], []byte(".WaitDrain("))
}

// With a context that can never be canceled, WaitDrain delivers the queue
// itself when the flusher does not; with one that can, it only waits, so
// that a blocked sink cannot hold it past the context.
func TestWaitDrainDelivers(t *testing.T) {
	for _, cancelable := range []bool{false, true} {
		var inside, calls atomic.Int64
		var out bytes.Buffer
		w := runtime.NewByteWriter(writerFunc(func(p []byte) (int, error) {
			calls.Add(1)
			if inWaitDrain() {
				inside.Add(1)
			}
			return out.Write(p)
		}), runtime.WithHighWaterMark(64))
		ctx := context.Background()
		if cancelable {
			var cancel context.CancelFunc
			ctx, cancel = context.WithCancel(ctx)
			defer cancel()
		}
		var want bytes.Buffer
		for i := range 2000 {
			line := []byte(strings.Repeat("x", i%50) + "\n")
			want.Write(line)
			if !w.Write(line) {
				if err := w.WaitDrain(ctx); err != nil {
					t.Fatal(err)
				}
			}
		}
		if err := w.End(); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out.Bytes(), want.Bytes()) {
			t.Fatalf("cancelable=%v: delivered %d bytes, want %d in order", cancelable, out.Len(), want.Len())
		}
		if got := inside.Load(); cancelable && got != 0 || !cancelable && got == 0 {
			t.Errorf("cancelable=%v: %d of %d sink calls inside WaitDrain", cancelable, got, calls.Load())
		}
	}
}

type writerFunc func(p []byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// A flusher left idle exits by itself, without End.
func TestIdleFlusherExits(t *testing.T) {
	before := goleak.IgnoreCurrent()
	var out syncBuffer
	w := runtime.NewByteWriter(&out)
	w.WriteString("line\n")
	waitFor(t, func() bool { return out.String() == "line\n" })
	if err := goleak.Find(before); err != nil {
		t.Fatalf("the flusher of an idle writer stayed: %v", err)
	}
	if err := w.End(); err != nil {
		t.Fatal(err)
	}
}

// The drain-aware loop allocates nothing once warm, with lines and with
// writes larger than the mark.
func TestSteadyStateAllocs(t *testing.T) {
	for _, size := range []int{13, 256 << 10} {
		w := runtime.NewByteWriter(io.Discard)
		p := bytes.Repeat([]byte("x"), size)
		ctx := context.Background()
		write := func() {
			if !w.Write(p) {
				if err := w.WaitDrain(ctx); err != nil {
					t.Fatal(err)
				}
			}
		}
		for range 1000 {
			write()
		}
		if n := testing.AllocsPerRun(5000, write); n != 0 {
			t.Errorf("size %d: %v allocations per Write", size, n)
		}
		if err := w.End(); err != nil {
			t.Fatal(err)
		}
	}
}
