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
	runFn      func()        // e.run, bound once so that starting the flusher does not allocate
	idleCh     chan struct{} // closed when no goroutine delivers any more, for End
	endDone    chan struct{} // closed when the first End returns

	// Batch wait: between batches, the flusher waits for one worth a sink
	// call (see waitBatch).
	batchMin     int           // a batch smaller than this is worth waiting on
	batchWaiting bool          // the flusher waits; it does not hold the delivery role
	batchWake    chan struct{} // ends the wait
	batchTick    *time.Ticker  // bounds the wait
	ticking      bool          // batchTick runs

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

func (e *engine) init(q queue, dst any, unit string, o options) {
	e.q, e.unit, e.hwm = q, unit, o.hwm
	e.token = make(chan struct{}, 1)
	e.runFn = e.run
	e.batchMin = min(o.hwm/4, 16<<10)
	e.batchWake = make(chan struct{}, 1)
	if c, ok := dst.(io.Closer); ok && !o.keepOpen {
		e.closer = c
	}
}

// accept records n units just queued and returns the write signal. It
// unlocks e.mu.
func (e *engine) accept(n int) bool {
	if e.count(n) {
		e.mu.Unlock()
		return true
	}
	return e.acceptSlow(n)
}

// count records n units just queued and reports whether this is the common
// case, which needs nothing more: below the mark, a small write, a flusher
// running. It is small enough to be inlined into ByteWriter's write and
// accept. e.mu is held.
func (e *engine) count(n int) bool {
	e.length += n
	e.st.Writes++
	e.st.Accepted += int64(n)
	return e.length < e.hwm && 2*n < e.hwm && e.running
}

// acceptSlow is accept's rare part, after count: the mark, a large write,
// or no flusher. It unlocks e.mu, and starts the flusher when nobody
// delivers.
func (e *engine) acceptSlow(n int) bool {
	ok := e.length < e.hwm || e.length == 0
	if !ok {
		e.full()
	}
	// A waiting flusher is woken only by a single write of half the mark
	// or more that stays below it, such as Copy's buffers: the flusher has
	// a batch worth a sink call at once, and the producer goes on. For
	// smaller writes a wake-up per batch costs the producer more than the
	// flusher saves it; the wait for drain wakes it (see wakeForDrain), or
	// its ticker.
	if ok && 2*n >= e.hwm && e.batchWaiting {
		e.endBatchWait()
	}
	if e.running || e.delivering {
		e.mu.Unlock()
		return ok
	}
	e.start()
	return ok
}

// full records a false write signal. e.mu is held.
func (e *engine) full() {
	e.needDrain = true
	e.missedDrain = false
	e.st.PeakLength = max(e.st.PeakLength, e.length)
	if e.ls.has(EventDrain) { // registered before the mark: already waiting
		e.wakeForDrain()
	}
}

// start launches the flusher. It unlocks e.mu.
func (e *engine) start() {
	e.running = true
	e.mu.Unlock()
	go e.runFn()
}

// reject handles a Write on a writer that is not open. It unlocks e.mu.
func (e *engine) reject() bool {
	var fns []func()
	if e.state != errored && e.err == nil {
		e.err = ErrWriteAfterEnd
		fns = e.ls.take(EventError)
	}
	e.mu.Unlock()
	call(fns)
	return false
}

// End stops accepting data, waits until everything queued is delivered,
// closes the destination unless [WithKeepOpen] was given, fires
// [EventFinish] then [EventClose], and returns the writer's first error.
// After a sink error it returns that error at once. End may be called more
// than once, and from listeners; every call returns the same error. The
// sink must not call End.
func (e *engine) End() error {
	e.mu.Lock()
	if e.endDone != nil {
		ch := e.endDone
		e.mu.Unlock()
		<-ch
		return e.Err()
	}
	e.endDone = make(chan struct{})
	if e.state == open {
		e.state = ending
		e.needDrain = false
		e.wakeWaiters()
		if e.batchWaiting {
			e.endBatchWait()
		}
	}
	for e.running || e.delivering {
		if e.idleCh == nil {
			e.idleCh = make(chan struct{})
		}
		ch := e.idleCh
		e.mu.Unlock()
		<-ch
		e.mu.Lock()
	}
	if e.state != ending { // the sink failed: error and close already fired
		err := e.err
		close(e.endDone)
		e.mu.Unlock()
		return err
	}
	e.state = ended
	closer := e.closer
	e.mu.Unlock()

	var cerr error
	if closer != nil {
		cerr = closer.Close()
	}
	e.mu.Lock()
	var fns []func()
	if cerr != nil {
		if e.err == nil {
			e.err = cerr
		}
		fns = e.ls.take(EventError)
	} else {
		fns = e.ls.take(EventFinish)
	}
	fns = append(fns, e.ls.take(EventClose)...)
	err := e.err
	close(e.endDone) // before the listeners, which may call End again
	e.mu.Unlock()
	call(fns)
	return err
}

// Err returns the writer's first error: the sink's (as a *[DeliveryError]),
// the destination's Close error, or [ErrWriteAfterEnd].
func (e *engine) Err() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.err
}

// WritableLength returns the queued length plus the batch the sink is
// writing, in the writer's units.
func (e *engine) WritableLength() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.length
}

// HighWaterMark returns the length at which Write returns false.
func (e *engine) HighWaterMark() int { return e.hwm }

// Stats returns a snapshot of the writer's counters.
func (e *engine) Stats() Stats {
	e.mu.Lock()
	defer e.mu.Unlock()
	s := e.st
	s.Length = e.length
	return s
}
