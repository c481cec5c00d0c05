package events_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	events "github.com/bpvet/bpvet/examples/bpgen"
	"github.com/bpvet/bpvet/runtime"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// gate blocks the sink until it is opened.
type gate chan struct{}

func (g gate) wait()       { <-g }
func (g gate) open()       { close(g) }
func payload(n int) []byte { return make([]byte, n) }

// timeout bounds every wait, so that a drain or a delivery that never
// comes fails the test at once instead of hanging it.
const timeout = 5 * time.Second

// bounded returns a context that ends after timeout, for WaitDrain and
// WriteAll.
func bounded(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), timeout)
	t.Cleanup(cancel)
	return ctx
}

// end calls End and fails the test if it does not return in time.
func end(t *testing.T, w interface{ End() error }) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- w.End() }()
	select {
	case err := <-done:
		return err
	case <-time.After(timeout):
		t.Fatalf("End did not return in %v", timeout)
		return nil
	}
}

func TestOrderPreserved(t *testing.T) {
	var got []int
	w := events.NewEventWriter(func(batch []events.Event) error {
		for _, e := range batch {
			got = append(got, e.ID)
		}
		return nil
	}, runtime.WithHighWaterMark(64))
	ctx := bounded(t)
	for i := range 1000 {
		if !w.Write(events.Event{ID: i, Payload: payload(i % 16)}) {
			if err := w.WaitDrain(ctx); err != nil {
				t.Fatalf("WaitDrain: %v", err)
			}
		}
	}
	if err := end(t, w); err != nil {
		t.Fatal(err)
	}
	for i, id := range got {
		if id != i {
			t.Fatalf("event %d has ID %d: order lost", i, id)
		}
	}
	if len(got) != 1000 {
		t.Fatalf("delivered %d events, want 1000", len(got))
	}
}

func TestSizeCountsBytes(t *testing.T) {
	g := make(gate)
	w := events.NewEventWriter(func([]events.Event) error { g.wait(); return nil })
	if hwm := w.HighWaterMark(); hwm != runtime.DefaultByteHighWaterMark {
		t.Errorf("HighWaterMark() = %d, want the byte default %d", hwm, runtime.DefaultByteHighWaterMark)
	}
	if !w.Write(events.Event{Payload: payload(1000)}) {
		t.Error("1000 bytes below 64 KiB returned false")
	}
	if n := w.WritableLength(); n != 1000 {
		t.Errorf("WritableLength() = %d, want 1000 bytes", n)
	}
	g.open()
	if err := end(t, w); err != nil {
		t.Fatal(err)
	}
}

func TestDrainAfterFalse(t *testing.T) {
	g := make(gate)
	w := events.NewEventWriter(func([]events.Event) error { g.wait(); return nil },
		runtime.WithHighWaterMark(10))
	ok := true
	for i := 0; ok; i++ {
		if i > 3 {
			t.Fatal("Write never returned false with 4-byte events and a 10-byte mark")
		}
		ok = w.Write(events.Event{ID: i, Payload: payload(4)})
	}
	if !w.NeedDrain() {
		t.Error("NeedDrain() = false after Write returned false")
	}
	drained := make(chan struct{})
	w.OnceDrain(func() { close(drained) })
	select {
	case <-drained:
		t.Fatal("drain fired while the sink was blocked")
	case <-time.After(10 * time.Millisecond):
	}
	g.open()
	select {
	case <-drained:
	case <-time.After(timeout):
		t.Fatalf("no drain %v after the sink was released", timeout)
	}
	if w.NeedDrain() || w.WritableLength() != 0 {
		t.Errorf("after drain: NeedDrain %v, length %d", w.NeedDrain(), w.WritableLength())
	}
	if err := end(t, w); err != nil {
		t.Fatal(err)
	}
	if st := w.Stats(); st.Drains != 1 {
		t.Errorf("Stats().Drains = %d, want 1", st.Drains)
	}
}

// recorder is a Publisher that records calls and fails the call failAt.
type recorder struct {
	mu     sync.Mutex
	calls  []string
	failAt int
}

var errBroker = errors.New("broker down")

func (r *recorder) record(call string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, call)
	if len(r.calls) == r.failAt {
		return errBroker
	}
	return nil
}

func (r *recorder) Publish(_ context.Context, topic string, payloads ...[]byte) error {
	return r.record(fmt.Sprintf("publish %s %q", topic, payloads))
}

func (r *recorder) Flush(context.Context) error { return r.record("flush") }

func TestIfaceCallsInOrder(t *testing.T) {
	rec := &recorder{}
	w := events.NewPublisherWriter(rec, runtime.WithHighWaterMark(3))
	ctx := bounded(t)
	var want []string
	for i := range 50 {
		ok := w.Publish(ctx, "t", []byte{byte('a' + i%26)}, []byte("x"))
		want = append(want, fmt.Sprintf("publish t %q", [][]byte{{byte('a' + i%26)}, []byte("x")}))
		if i%10 == 9 {
			ok = w.Flush(ctx)
			want = append(want, "flush")
		}
		if !ok {
			if err := w.WaitDrain(ctx); err != nil {
				t.Fatalf("WaitDrain: %v", err)
			}
		}
	}
	if err := end(t, w); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rec.calls, want) {
		t.Fatalf("calls reached the Publisher as\n%q\nwant\n%q", rec.calls, want)
	}
}

func TestIfaceErrorSurfacesThroughEnd(t *testing.T) {
	rec := &recorder{failAt: 2}
	w := events.NewPublisherWriter(rec)
	ctx := bounded(t)
	w.Publish(ctx, "a")
	w.Publish(ctx, "b")
	// Wait for the failure; calls queued after it are dropped.
	for deadline := time.Now().Add(timeout); w.Err() == nil; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the Publisher failed its second call, but Err() is still nil after %v", timeout)
		}
	}
	if w.Publish(ctx, "c") {
		t.Error("Publish after an error returned true")
	}
	err := end(t, w)
	var de *runtime.DeliveryError
	if !errors.Is(err, errBroker) || !errors.As(err, &de) {
		t.Fatalf("End() = %v, want a *runtime.DeliveryError wrapping %v", err, errBroker)
	}
	if len(rec.calls) != 2 {
		t.Errorf("calls made: %q, want the two before the failure", rec.calls)
	}
}

func TestWriteAllHonoursDrain(t *testing.T) {
	const hwm = 10
	w := events.NewEventWriter(func([]events.Event) error {
		time.Sleep(100 * time.Microsecond)
		return nil
	}, runtime.WithHighWaterMark(hwm))
	evs := func(yield func(events.Event) bool) {
		for i := range 200 {
			if !yield(events.Event{ID: i, Payload: payload(4)}) {
				return
			}
		}
	}
	if err := w.WriteAll(bounded(t), evs); err != nil {
		t.Fatalf("WriteAll: %v", err)
	}
	if err := end(t, w); err != nil {
		t.Fatal(err)
	}
	st := w.Stats()
	// The loop stops at the first false, so the length never passes the
	// mark by more than one event.
	if st.PeakLength >= hwm+4 {
		t.Errorf("PeakLength = %d, want < %d: WriteAll kept writing after false", st.PeakLength, hwm+4)
	}
	if st.Drains == 0 || st.Writes != 200 {
		t.Errorf("Stats() = %+v, want 200 writes and some drains", st)
	}
}

// -hwm=32 sets the constructor's default mark; an option passed to the
// constructor overrides it.
func TestIfaceDefaultMark(t *testing.T) {
	for _, tt := range []struct {
		opts []runtime.Option
		want int
	}{
		{nil, 32},
		{[]runtime.Option{runtime.WithHighWaterMark(5)}, 5},
	} {
		w := events.NewPublisherWriter(&recorder{}, tt.opts...)
		if got := w.HighWaterMark(); got != tt.want {
			t.Errorf("HighWaterMark() = %d, want %d", got, tt.want)
		}
		if err := end(t, w); err != nil {
			t.Fatal(err)
		}
	}
}
