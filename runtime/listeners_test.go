package runtime_test

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bpvet/bpvet/runtime"
)

// Rule 6: the explainer's writeChunks loop, as written, in Go: write until
// false, Once(drain, next), End from the last callback. Listeners run
// without locks, so Write, Once and End inside them cannot deadlock.
func TestExplainerLoop(t *testing.T) {
	for _, hwm := range []int{0, 1, 7, 64, 1024} {
		t.Run(strconv.Itoa(hwm), func(t *testing.T) {
			var out syncBuffer
			w := runtime.NewByteWriter(&out, runtime.WithHighWaterMark(hwm))
			const total = 20_000
			done := make(chan error, 1)
			i := 0
			var next func()
			next = func() {
				for i < total {
					ok := w.WriteString(fmt.Sprintf("line %d\n", i))
					i++
					if !ok {
						w.Once(runtime.EventDrain, next)
						return
					}
				}
				done <- w.End()
			}
			next()
			if err := recv(t, done, "End from the last callback"); err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
			if len(lines) != total {
				t.Fatalf("%d lines, want %d", len(lines), total)
			}
			for n, l := range lines {
				if l != "line "+strconv.Itoa(n) {
					t.Fatalf("line %d = %q", n, l)
				}
			}
			if st := w.Stats(); hwm > 0 && st.PeakLength > hwm+len("line 19999\n") {
				t.Fatalf("peak length %d exceeds mark %d plus one line", st.PeakLength, hwm)
			}
		})
	}
}

// A drain that fires between a false Write and the Once that waits for it
// is not lost: the Once runs at once.
func TestOnceAfterUnheardDrain(t *testing.T) {
	dst := newBlockingWriter()
	w := runtime.NewByteWriter(dst, runtime.WithHighWaterMark(1))
	if w.WriteString("ab") {
		t.Fatal("want false")
	}
	recv(t, dst.entered, "batch")
	dst.release <- nil
	if err := w.WaitDrain(t.Context()); err != nil { // the drain fires unheard
		t.Fatal(err)
	}
	ran := make(chan struct{})
	w.Once(runtime.EventDrain, func() { close(ran) })
	if !closedWithin(ran, 5*time.Second) {
		t.Fatal("Once registered after an unheard drain never ran")
	}
	// A listener registered while no drain is owed waits for the next one.
	again := make(chan struct{})
	w.Once(runtime.EventDrain, func() { close(again) })
	if closedWithin(again, 20*time.Millisecond) {
		t.Fatal("a drain was replayed twice")
	}
	w.WriteString("cd")
	recv(t, dst.entered, "batch")
	dst.release <- nil
	if !closedWithin(again, 5*time.Second) {
		t.Fatal("Once did not run on the next drain")
	}
	if err := w.End(); err != nil {
		t.Fatal(err)
	}
}

// Off removes exactly the listener it names: after Off, that On listener
// misses every later drain, while the others still run. On both writers,
// since each carries the listener registry.
func TestOnAndOff(t *testing.T) {
	type emitter interface {
		On(runtime.Event, func()) runtime.ListenerID
		Once(runtime.Event, func()) runtime.ListenerID
		Off(runtime.ListenerID) bool
		End() error
	}
	for _, tc := range []struct {
		name string
		new  func() (emitter, func() bool)
	}{
		{"Writer", func() (emitter, func() bool) {
			w := runtime.NewWriter(func([]int) error { return nil }, runtime.WithHighWaterMark(1))
			return w, func() bool { return w.Write(1) }
		}},
		{"ByteWriter", func() (emitter, func() bool) {
			w := runtime.NewByteWriter(io.Discard, runtime.WithHighWaterMark(1))
			return w, func() bool { return w.Write([]byte{1}) }
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w, write := tc.new()
			var on, once atomic.Int32
			id := w.On(runtime.EventDrain, func() { on.Add(1) })
			w.Once(runtime.EventDrain, func() { once.Add(1) })
			// Listeners run in registration order, so when this last one
			// has run, the earlier ones have run or been skipped.
			ran := make(chan struct{}, 1)
			w.On(runtime.EventDrain, func() { ran <- struct{}{} })
			drain := func(wantOn int32) {
				t.Helper()
				if write() {
					t.Fatal("a write at the mark returned true")
				}
				recv(t, ran, "the drain")
				if on.Load() != wantOn || once.Load() != 1 {
					t.Fatalf("after %d drains: On ran %d times, want %d; Once ran %d times, want 1",
						wantOn, on.Load(), wantOn, once.Load())
				}
			}
			drain(1)
			drain(2)
			if !w.Off(id) {
				t.Fatal("Off of a registered listener = false")
			}
			if w.Off(id) {
				t.Fatal("Off of a removed listener = true")
			}
			drain(2)
			drain(2)
			if err := w.End(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met in time")
		}
		time.Sleep(time.Millisecond)
	}
}

// Object mode with a custom size: the mark bounds bytes of messages.
func TestWithSize(t *testing.T) {
	var got []string
	w := runtime.NewWriter(func(b []string) error { got = append(got, b...); return nil },
		runtime.WithHighWaterMark(10), runtime.WithSize(func(s string) int { return len(s) }))
	if w.Write("12345678901") {
		t.Fatal("an 11-byte message under a 10-byte mark returned true")
	}
	if err := w.End(); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || w.Stats().Accepted != 11 {
		t.Fatalf("got %v, stats %+v", got, w.Stats())
	}
}

func TestWithSizeWrongTypePanics(t *testing.T) {
	defer func() {
		if v := recover(); v == nil || !strings.Contains(fmt.Sprint(v), "WithSize") {
			t.Fatalf("panic = %v, want one naming WithSize", v)
		}
	}()
	runtime.NewWriter(func([]int) error { return nil }, runtime.WithSize(func(string) int { return 1 }))
}
