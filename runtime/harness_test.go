package runtime_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bpvet/bpvet/runtime"
)

// A scenario is a script of writes and sink completions, replayed one step
// at a time against a writer whose sink blocks until the script releases it.
// Traces of the same scenario from the runtime, from a reference model and
// from Node's stream.Writable must agree.
type scenario struct {
	Objects bool `json:"objects"` // object mode: one unit per value
	HWM     int  `json:"hwm"`
	Ops     []op `json:"ops"`
}

// An op is one step: W > 0 writes W units; R releases the sink call in
// flight; F fails it; L calls Flush, which may return at a later step.
type op struct {
	W int  `json:"w,omitempty"`
	R bool `json:"r,omitempty"`
	F bool `json:"f,omitempty"`
	L bool `json:"l,omitempty"`
}

func (o op) String() string {
	switch {
	case o.R:
		return "r"
	case o.F:
		return "f"
	case o.L:
		return "l"
	}
	return fmt.Sprintf("w%d", o.W)
}

var errSink = errors.New("sink failed")

// A trace lists what the writer showed after each step:
//
//	b:N      the sink was called with a batch of N units
//	w:OK:L   Write returned OK and the length was L
//	drain    the drain event fired
//	error    the error event fired
//	r:L      a release returned with length L (r:none: nothing in flight)
//	l        Flush waits
//	l:nil    a Flush returned nil (l:err: the sink's DeliveryError)
//
// and, from the runtime only, so that the traces then differ:
//
//	drain!   a drain the step should not fire
//	drain@L  a drain whose listener saw the length L, not 0
//	l!       a Flush returned before its data was delivered
type trace []string

func (t *trace) add(format string, args ...any) { *t = append(*t, fmt.Sprintf(format, args...)) }

func (t trace) String() string { return strings.Join(t, " ") }

// driven is a writer under test with a gated sink.
type driven struct {
	write func(seq, n int) bool
	w     interface {
		WritableLength() int
		On(runtime.Event, func()) runtime.ListenerID
		End() error
		Err() error
		Stats() runtime.Stats
		Flush(context.Context) error
	}
	entered chan int   // batch size, when the sink is called
	release chan error // what the blocked sink call returns
	got     []int      // units delivered, in order (a byte's value or a value)
	blocked bool       // a sink call waits for release
	drains  chan int   // the length at each call of the drain listener
	seen    int64      // drains put in the trace
	flushes []flushing // Flush calls not returned, in call order
}

// flushing is a Flush call and the units delivered when it may return.
type flushing struct {
	target int
	done   chan error
}

func newDriven(sc scenario) *driven {
	d := &driven{entered: make(chan int), release: make(chan error)}
	opt := runtime.WithHighWaterMark(sc.HWM)
	if sc.Objects {
		w := runtime.NewWriter(func(batch []int) error {
			d.entered <- len(batch)
			if err := <-d.release; err != nil {
				return err
			}
			d.got = append(d.got, batch...)
			return nil
		}, opt)
		d.w = w
		d.write = func(seq, n int) bool { return w.Write(seq) }
		return d
	}
	w := runtime.NewByteWriter(gateWriter{d}, opt)
	d.w = w
	d.write = func(seq, n int) bool {
		p := make([]byte, n)
		for i := range p {
			p[i] = byte(seq + i)
		}
		return w.Write(p)
	}
	return d
}

type gateWriter struct{ d *driven }

func (g gateWriter) Write(p []byte) (int, error) {
	g.d.entered <- len(p)
	if err := <-g.d.release; err != nil {
		return 0, err
	}
	for _, b := range p {
		g.d.got = append(g.d.got, int(b))
	}
	return len(p), nil
}

const stepTimeout = 5 * time.Second

// runRuntime replays sc against the runtime. Between steps it waits until
// the flusher has settled, so that the trace is deterministic. It returns
// the trace, the writer (not yet ended) and the driven harness.
func runRuntime(t *testing.T, sc scenario) (trace, *driven) {
	t.Helper()
	d := newDriven(sc)
	errs := make(chan struct{}, 64)
	d.drains = make(chan int, len(sc.Ops)+1)
	d.w.On(runtime.EventDrain, func() { d.drains <- d.w.WritableLength() })
	d.w.On(runtime.EventError, func() { errs <- struct{}{} })

	var tr trace
	inFlight, batch, queued, seq := false, 0, 0, 0
	accepted, delivered := 0, 0 // units
	pendingDrain, failed := false, false
	wait := func(what string, ch <-chan struct{}) {
		select {
		case <-ch:
		case <-time.After(stepTimeout):
			t.Fatalf("runtime: no %s after %v; trace so far: %v", what, sc.Ops, tr)
		}
	}
	enter := func() {
		select {
		case n := <-d.entered:
			tr.add("b:%d", n)
			inFlight, batch, queued = true, n, queued-n
		case <-time.After(stepTimeout):
			t.Fatalf("runtime: sink not called; trace so far: %v", tr)
		}
	}
	settle := func(want int) {
		deadline := time.Now().Add(stepTimeout)
		for d.w.WritableLength() != want {
			if time.Now().After(deadline) {
				t.Fatalf("runtime: length %d, want %d; trace so far: %v", d.w.WritableLength(), want, tr)
			}
			time.Sleep(10 * time.Microsecond)
		}
	}
	// drained traces the drains of the step: want of them (0 or 1) as
	// "drain", any more as "drain!", one at a length above 0 as "drain@L".
	// The writer counts a drain with the length that fires it, so once the
	// step has settled the count is final; each counted drain must reach
	// the listener, and a listener call left over is one no count accounts
	// for. So no drain is left to be taken for a later step's.
	drained := func(want int) {
		deadline := time.Now().Add(stepTimeout)
		for d.w.Stats().Drains < d.seen+int64(want) && time.Now().Before(deadline) {
			time.Sleep(10 * time.Microsecond)
		}
		n := d.w.Stats().Drains
		counted := int(n - d.seen)
		d.seen = n
		for i := 0; i < counted || len(d.drains) > 0; i++ {
			var length int
			select {
			case length = <-d.drains:
			case <-time.After(stepTimeout):
				t.Fatalf("runtime: a drain was counted but its listener not called; trace so far: %v", tr)
			}
			switch {
			case length > 0:
				tr.add("drain@%d", length)
			case i < want && i < counted:
				tr.add("drain")
			default:
				tr.add("drain!")
			}
		}
	}
	// flushed traces the Flush calls that must have returned, in call
	// order, and an early return of any other as "l!".
	flushed := func() {
		var left []flushing
		for _, f := range d.flushes {
			if !failed && f.target > delivered {
				select {
				case err := <-f.done:
					tr.add("l!:%v", err)
				default:
					left = append(left, f)
				}
				continue
			}
			select {
			case err := <-f.done:
				tr.add("l:%s", flushResult(err))
			case <-time.After(stepTimeout):
				t.Fatalf("runtime: Flush did not return; trace so far: %v", tr)
			}
		}
		d.flushes = left
	}
	for _, o := range sc.Ops {
		switch {
		case o.L:
			// The next step waits until Flush returned or waits on its
			// ctx, so that it took its target before the step.
			f := flushing{target: accepted, done: make(chan error, 1)}
			waiting := make(chan struct{}, 1)
			go func() { f.done <- d.w.Flush(doneCalled{context.Background(), waiting}) }()
			select {
			case <-waiting:
			case err := <-f.done:
				f.done <- err
			case <-time.After(stepTimeout):
				t.Fatalf("runtime: Flush neither returned nor waited; trace so far: %v", tr)
			}
			if !failed && accepted > delivered {
				tr.add("l")
			}
			d.flushes = append(d.flushes, f)
			flushed()
		case o.W > 0:
			idle := !inFlight && !failed
			ok := d.write(seq, o.W)
			seq += o.W
			n := d.w.WritableLength()
			if !failed {
				queued += unitsOf(sc, o.W)
				accepted += unitsOf(sc, o.W)
			}
			if idle {
				enter()
			}
			tr.add("w:%t:%d", ok, n)
			if !ok && !failed {
				pendingDrain = true
			}
		case !inFlight:
			tr.add("r:none")
		case o.F:
			d.release <- errSink
			inFlight, failed = false, true
			wait("error event", errs)
			tr.add("error")
			settle(0)
			tr.add("r:%d", d.w.WritableLength())
			flushed()
			queued = 0
		default:
			before := d.w.WritableLength()
			d.release <- nil
			inFlight, delivered = false, delivered+batch
			want := 0
			if queued > 0 {
				enter()
			} else {
				settle(before - batch)
				if pendingDrain && d.w.WritableLength() == 0 {
					want, pendingDrain = 1, false
				}
			}
			drained(want)
			tr.add("r:%d", d.w.WritableLength())
			flushed()
		}
		drained(0)
	}
	d.blocked = inFlight
	return tr, d
}

// flushResult is a Flush's result in a trace.
func flushResult(err error) string {
	var de *runtime.DeliveryError
	switch {
	case err == nil:
		return "nil"
	case errors.As(err, &de) && errors.Is(err, errSink):
		return "err"
	}
	return err.Error()
}

func unitsOf(sc scenario, w int) int {
	if sc.Objects {
		return 1
	}
	return w
}

// finish releases every remaining batch while End runs and returns End's
// error. A drain that fired after the last step, too late for its trace,
// fails the test.
func (d *driven) finish(t *testing.T) error {
	t.Helper()
	if n, extra := d.w.Stats().Drains, len(d.drains); n != d.seen || extra > 0 {
		t.Fatalf("runtime: after the last step, %d drains counted, %d in the trace, %d more listener calls", n, d.seen, extra)
	}
	done := make(chan error, 1)
	go func() { done <- d.w.End() }()
	if d.blocked {
		d.release <- nil
	}
	for {
		select {
		case err := <-done:
			// End delivered everything: every Flush returns nil.
			for _, f := range d.flushes {
				if ferr := recv(t, f.done, "Flush"); ferr != nil {
					t.Fatalf("runtime: Flush = %v after End delivered everything", ferr)
				}
			}
			return err
		case <-d.entered:
			d.release <- nil
		case <-time.After(stepTimeout):
			t.Fatal("End did not return")
		}
	}
}
