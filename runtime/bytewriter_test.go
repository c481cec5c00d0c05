package runtime_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bpvet/bpvet/runtime"
)

func TestDefaults(t *testing.T) {
	bw := runtime.NewByteWriter(io.Discard)
	if got := bw.HighWaterMark(); got != 65536 {
		t.Errorf("ByteWriter highWaterMark = %d, want 65536", got)
	}
	ow := runtime.NewWriter(func([]int) error { return nil })
	if got := ow.HighWaterMark(); got != 16 {
		t.Errorf("Writer highWaterMark = %d, want 16", got)
	}
	if err := bw.End(); err != nil {
		t.Fatal(err)
	}
	if err := ow.End(); err != nil {
		t.Fatal(err)
	}
}

func TestNegativeHighWaterMarkPanics(t *testing.T) {
	defer func() {
		v := recover()
		if v == nil || !strings.Contains(v.(string), "WithHighWaterMark(-1)") {
			t.Fatalf("panic = %v, want a message naming WithHighWaterMark(-1)", v)
		}
	}()
	runtime.NewByteWriter(io.Discard, runtime.WithHighWaterMark(-1))
}

// Rule 1: Write copies p, and its result is length < mark after adding it,
// where the length includes the batch the sink is writing.
func TestWriteSignalCountsInFlight(t *testing.T) {
	dst := newBlockingWriter()
	w := runtime.NewByteWriter(dst, runtime.WithHighWaterMark(4))
	p := []byte("ab")
	if !w.Write(p) {
		t.Fatal("first write of 2 < 4 returned false")
	}
	copy(p, "zz") // the writer must have copied p
	if got := recv(t, dst.entered, "sink call"); string(got) != "ab" {
		t.Fatalf("sink got %q, want ab", got)
	}
	if n := w.WritableLength(); n != 2 {
		t.Fatalf("length while the sink writes = %d, want 2 (in-flight counts)", n)
	}
	if w.WriteString("cd") {
		t.Fatal("write reaching the mark returned true")
	}
	if !w.NeedDrain() {
		t.Fatal("NeedDrain false after a false write")
	}
	if w.Write(nil) {
		t.Fatal("empty write above the mark returned true")
	}
	dst.release <- nil
	if got := recv(t, dst.entered, "second batch"); string(got) != "cd" {
		t.Fatalf("second batch = %q, want cd", got)
	}
	dst.release <- nil
	if err := w.End(); err != nil {
		t.Fatal(err)
	}
	if dst.String() != "abcd" {
		t.Fatalf("delivered %q", dst.String())
	}
}

// Rule 2: drain fires once, when the length returns to 0, not below the mark.
func TestDrainOnlyWhenEmpty(t *testing.T) {
	dst := newBlockingWriter()
	w := runtime.NewByteWriter(dst, runtime.WithHighWaterMark(4))
	var drains sync.WaitGroup
	drains.Add(1)
	count := 0
	//bpvet:ignore BP002 counts every drain to prove there is exactly one
	w.On(runtime.EventDrain, func() { count++; drains.Done() })
	w.WriteString("abc")
	recv(t, dst.entered, "first batch")
	if w.WriteString("def") {
		t.Fatal("write to length 6 over mark 4 returned true")
	}
	drain := w.Drain()
	dst.release <- nil
	recv(t, dst.entered, "second batch") // length is now 3: below the mark
	if closedWithin(drain, 20*time.Millisecond) {
		t.Fatal("drain fired below the mark but before the buffer was empty")
	}
	dst.release <- nil
	if !closedWithin(drain, 5*time.Second) {
		t.Fatal("drain channel not closed once empty")
	}
	drains.Wait()
	if !closedWithin(w.Drain(), 0) {
		t.Fatal("Drain() must be closed when no drain is pending")
	}
	if err := waitDrain(w); err != nil {
		t.Fatal(err)
	}
	if err := w.End(); err != nil {
		t.Fatal(err)
	}
	if count != 1 || w.Stats().Drains != 1 {
		t.Fatalf("drain fired %d times (stats %d), want 1", count, w.Stats().Drains)
	}
}

// Rule 3: queued chunks reach the sink coalesced, in order.
func TestCoalescesQueuedChunks(t *testing.T) {
	dst := newBlockingWriter()
	w := runtime.NewByteWriter(dst)
	w.WriteString("a")
	recv(t, dst.entered, "first batch")
	for _, s := range []string{"b", "c", "d"} {
		//bpvet:ignore BP001 three chunks queued behind a blocked sink on purpose
		w.WriteString(s)
	}
	dst.release <- nil
	if got := recv(t, dst.entered, "coalesced batch"); string(got) != "bcd" {
		t.Fatalf("batch = %q, want bcd in one Write", got)
	}
	dst.release <- nil
	if err := w.End(); err != nil {
		t.Fatal(err)
	}
	if st := w.Stats(); st.Batches != 2 || st.Writes != 4 || st.Accepted != 4 || st.Delivered != 4 {
		t.Fatalf("stats = %+v", st)
	}
}

// Many goroutines writing at once, each delivering in WaitDrain when the
// flusher does not: each one's chunks arrive whole and in its order,
// nothing is lost, and the sink is never called twice at once.
func TestConcurrentWritersKeepOrder(t *testing.T) {
	var out bytes.Buffer
	var inSink atomic.Int32
	w := runtime.NewByteWriter(writerFunc(func(p []byte) (int, error) {
		if inSink.Add(1) != 1 {
			t.Error("two sink calls at once")
		}
		defer inSink.Add(-1)
		return out.Write(p)
	}), runtime.WithHighWaterMark(64))
	var wg sync.WaitGroup
	const writers, lines = 4, 20000
	for g := range writers {
		wg.Go(func() {
			for i := range lines {
				if !w.WriteString(string(rune('a'+g)) + strings.Repeat("x", i%7) + "\n") {
					if err := waitDrain(w); err != nil {
						t.Error(err)
						return
					}
				}
			}
		})
	}
	wg.Wait()
	if err := w.End(); err != nil {
		t.Fatal(err)
	}
	next := make([]int, writers)
	for _, line := range strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n") {
		g := int(line[0] - 'a')
		if want := strings.Repeat("x", next[g]%7); line[1:] != want {
			t.Fatalf("writer %d line %d = %q, want %q", g, next[g], line, want)
		}
		next[g]++
	}
	for g, n := range next {
		if n != lines {
			t.Fatalf("writer %d: %d lines delivered, want %d", g, n, lines)
		}
	}
	if st := w.Stats(); st.Accepted != st.Delivered || st.Delivered != int64(out.Len()) {
		t.Fatalf("accepted %d, delivered %d, sink got %d bytes", st.Accepted, st.Delivered, out.Len())
	}
}

// Rule 4: a short write errors the writer with io.ErrShortWrite.
func TestShortWrite(t *testing.T) {
	w := runtime.NewByteWriter(shortWriter{})
	w.WriteString("hello")
	err := w.End()
	var de *runtime.DeliveryError
	if !errors.Is(err, io.ErrShortWrite) || !errors.As(err, &de) {
		t.Fatalf("End = %v, want a DeliveryError wrapping io.ErrShortWrite", err)
	}
	if de.Delivered != 2 || de.Undelivered != 3 {
		t.Fatalf("delivered %d undelivered %d, want 2 and 3", de.Delivered, de.Undelivered)
	}
}

type shortWriter struct{}

func (shortWriter) Write(p []byte) (int, error) { return min(len(p), 2), nil }

// A batch buffer grown by a burst is not kept, so memory returns to its
// steady size; the data is intact either way.
func TestBurstLargerThanMark(t *testing.T) {
	var out bytes.Buffer
	w := runtime.NewByteWriter(&out, runtime.WithHighWaterMark(16))
	big := bytes.Repeat([]byte("0123456789"), 100_000)
	if w.Write(big) {
		t.Fatal("a 1 MB write under a 16-byte mark returned true")
	}
	w.WriteString("tail")
	if err := w.End(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.Bytes(), append(big, "tail"...)) {
		t.Fatal("burst not delivered intact")
	}
	if st := w.Stats(); st.PeakLength < len(big) {
		t.Fatalf("PeakLength = %d, want >= %d", st.PeakLength, len(big))
	}
}

// The flusher may wait a moment to gather a larger batch while the producer
// is writing; a producer that pauses still sees its data delivered without
// End.
func TestPausedProducerIsDelivered(t *testing.T) {
	dst := newBlockingWriter()
	w := runtime.NewByteWriter(dst)
	w.WriteString("a")
	recv(t, dst.entered, "first batch")
	w.WriteString("b") // written during a flush: the next batch is small
	dst.release <- nil
	if got := recv(t, dst.entered, "second batch"); string(got) != "b" {
		t.Fatalf("second batch = %q, want b", got)
	}
	dst.release <- nil
	waitFor(t, func() bool { return w.Stats().Delivered == 2 })
	if err := w.End(); err != nil {
		t.Fatal(err)
	}
}

// A producer that delivered at the mark itself, in WaitDrain, slows the
// flusher's ticks while it keeps doing so; the tail it writes before it
// stops is still delivered without End.
func TestTailAfterProducerDeliveryIsDelivered(t *testing.T) {
	dst := newBlockingWriter()
	w := runtime.NewByteWriter(dst, runtime.WithHighWaterMark(4))
	w.WriteString("a")
	recv(t, dst.entered, "first batch")
	dst.release <- nil
	// The flusher counts the delivery and starts its batch wait under
	// one hold of the lock, so it is waiting once the count shows. Its
	// first tick, which may end it, is a millisecond away: spin, since
	// waitFor's sleep could outlast it.
	for deadline := time.Now().Add(5 * time.Second); w.Stats().Delivered != 1; {
		if time.Now().After(deadline) {
			t.Fatal("first batch not counted")
		}
	}
	// WaitDrain runs right after the Write, on this goroutine, so that it
	// delivers the batch itself before a tick can wake the flusher for it.
	batch := make(chan []byte, 1)
	go func() {
		batch <- recv(t, dst.entered, "the producer's batch")
		dst.release <- nil
	}()
	if w.WriteString("bcde") {
		t.Fatal("Write at the mark returned true")
	}
	if err := w.WaitDrain(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := <-batch; string(got) != "bcde" {
		t.Fatalf("producer's batch = %q, want bcde", got)
	}
	w.WriteString("f")
	if got := recv(t, dst.entered, "the tail"); string(got) != "f" {
		t.Fatalf("tail = %q, want f", got)
	}
	dst.release <- nil
	waitFor(t, func() bool { return w.Stats().Delivered == 6 })
	if err := w.End(); err != nil {
		t.Fatal(err)
	}
}
