package runtime

import (
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// closedChan is returned by Drain when no drain is pending.
var closedChan = func() chan struct{} { c := make(chan struct{}); close(c); return c }()

type lifecycle uint8

const (
	open    lifecycle = iota
	ending            // End called, flushing
	ended             // End finished
	errored           // the sink failed
)

// A queue is the mode-specific storage behind an engine. Methods marked
// locked run with engine.mu held.
type queue interface {
	take() (units int, ok bool)        // locked: move the queue to the in-flight batch
	flush() (delivered int, err error) // unlocked: hand the in-flight batch to the sink
	release()                          // locked: recycle the in-flight batch
	discard() (units int)              // locked: drop the queue after an error
}

// engine is the state machine shared by ByteWriter and Writer: length,
// lifecycle, drain (drain.go), listeners (events.go) and delivery to the
// sink (flusher.go). Every field is guarded by mu.
type engine struct {
	mu     sync.Mutex
	q      queue
	closer io.Closer // nil when the destination is kept open
	unit   string
	hwm    int
	length int
	state  lifecycle
	err    error
	ls     listeners
	st     Stats

	// Delivery. One goroutine at a time holds the delivery role and alone
	// takes, flushes and releases batches: the flusher, or a WaitDrain
	// that delivers instead of waiting for it.
	running    bool          // a flusher goroutine exists
	delivering bool          // the delivery role is held
	runFn      func()        // w.run, bound once so that starting the flusher does not allocate
	idleCh     chan struct{} // closed when no goroutine delivers any more, for End
	endDone    chan struct{} // closed when the first End returns

	// Batch wait: between batches, the flusher waits for one worth a sink
	// call (see waitBatch).
	batchMin     int           // a batch smaller than this is worth waiting on
	batchWaiting bool          // the flusher waits; it does not hold the delivery role
	batchWake    chan struct{} // ends the wait
	batchTick    *time.Ticker  // bounds the wait
	ticking      bool          // batchTick runs
	tickSlow     bool          // at batchWaitBehind, since a producer delivered

	// Drain.
	needDrain   bool
	missedDrain bool          // the last drain had no listener, and no false since
	drainCh     chan struct{} // made by Drain, closed at the drain
	drainGen    atomic.Uint64 // drains so far; read without mu by yieldForDrain
	token       chan struct{} // WaitDrain's reusable wake-up token
	waiters     int           // goroutines in WaitDrain

	// Flush (flush.go).
	flushers int           // goroutines in Flush
	flushCh  chan struct{} // closed when Delivered reaches flushMin, or at an error
	flushMin int64         // the smallest target of flushCh's waiters
}

func (w *engine) init(q queue, dst any, unit string, o options) {
	w.q, w.unit, w.hwm = q, unit, o.hwm
	w.token = make(chan struct{}, 1)
	w.runFn = w.run
	w.batchMin = min(o.hwm/4, 16<<10)
	w.batchWake = make(chan struct{}, 1)
	if c, ok := dst.(io.Closer); ok && !o.keepOpen {
		w.closer = c
	}
}

// accept records n units just queued and returns the write signal. It
// unlocks w.mu.
func (w *engine) accept(n int) bool {
	if w.count(n) {
		w.mu.Unlock()
		return true
	}
	return w.acceptSlow(n)
}

// count records n units just queued and reports whether this is the common
// case, which needs nothing more: below the mark, a small write, a flusher
// running. It is small enough to be inlined into ByteWriter's write and
// accept. w.mu is held.
func (w *engine) count(n int) bool {
	w.length += n
	w.st.Writes++
	w.st.Accepted += int64(n)
	return w.length < w.hwm && 2*n < w.hwm && w.running
}

// acceptSlow is accept's rare part, after count: the mark, a large write,
// or no flusher. It unlocks w.mu, and starts the flusher when nobody
// delivers.
func (w *engine) acceptSlow(n int) bool {
	ok := w.length < w.hwm || w.length == 0
	if !ok {
		w.full()
	}
	// A waiting flusher is woken only by a single write of half the mark
	// or more that stays below it, such as Copy's buffers: the flusher has
	// a batch worth a sink call at once, and the producer goes on. For
	// smaller writes a wake-up per batch costs the producer more than the
	// flusher saves it; the wait for drain wakes it (see wakeForDrain), or
	// its ticker.
	if ok && 2*n >= w.hwm && w.batchWaiting {
		w.endBatchWait()
	}
	if w.running || w.delivering {
		w.mu.Unlock()
		return ok
	}
	w.start()
	return ok
}

// full records a false write signal. w.mu is held.
func (w *engine) full() {
	w.needDrain = true
	w.missedDrain = false
	w.st.PeakLength = max(w.st.PeakLength, w.length)
	if w.ls.has(EventDrain) { // registered before the mark: already waiting
		w.wakeForDrain()
	}
}

// start launches the flusher. It unlocks w.mu.
func (w *engine) start() {
	w.running = true
	w.mu.Unlock()
	go w.runFn()
}

// reject handles a Write on a writer that is not open. It unlocks w.mu.
func (w *engine) reject() bool {
	var fns []func()
	if w.state != errored && w.err == nil {
		w.err = ErrWriteAfterEnd
		fns = w.ls.take(EventError)
	}
	w.mu.Unlock()
	call(fns)
	return false
}

// End stops accepting data, waits until everything queued is delivered,
// closes the destination unless [WithKeepOpen] was given, fires
// [EventFinish] then [EventClose], and returns the writer's first error.
// After a sink error it returns that error at once. End may be called more
// than once, and from listeners; every call returns the same error. The
// sink must not call End.
func (w *engine) End() error {
	w.mu.Lock()
	if w.endDone != nil {
		ch := w.endDone
		w.mu.Unlock()
		<-ch
		return w.Err()
	}
	w.endDone = make(chan struct{})
	if w.state == open {
		w.state = ending
		w.needDrain = false
		w.wakeWaiters()
		if w.batchWaiting {
			w.endBatchWait()
		}
	}
	for w.running || w.delivering {
		if w.idleCh == nil {
			w.idleCh = make(chan struct{})
		}
		ch := w.idleCh
		w.mu.Unlock()
		<-ch
		w.mu.Lock()
	}
	if w.state != ending { // the sink failed: error and close already fired
		err := w.err
		close(w.endDone)
		w.mu.Unlock()
		return err
	}
	w.state = ended
	closer := w.closer
	w.mu.Unlock()

	var cerr error
	if closer != nil {
		cerr = closer.Close()
	}
	w.mu.Lock()
	var fns []func()
	if cerr != nil {
		if w.err == nil {
			w.err = cerr
		}
		fns = w.ls.take(EventError)
	} else {
		fns = w.ls.take(EventFinish)
	}
	fns = append(fns, w.ls.take(EventClose)...)
	err := w.err
	close(w.endDone) // before the listeners, which may call End again
	w.mu.Unlock()
	call(fns)
	return err
}

// Err returns the writer's first error: the sink's (as a *[DeliveryError]),
// the destination's Close error, or [ErrWriteAfterEnd].
func (w *engine) Err() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// WritableLength returns the queued length plus the batch the sink is
// writing, in the writer's units.
func (w *engine) WritableLength() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.length
}

// HighWaterMark returns the length at which Write returns false.
func (w *engine) HighWaterMark() int { return w.hwm }

// Stats returns a snapshot of the writer's counters.
func (w *engine) Stats() Stats {
	w.mu.Lock()
	defer w.mu.Unlock()
	s := w.st
	s.Length = w.length
	return s
}
