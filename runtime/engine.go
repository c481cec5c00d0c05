package runtime

import (
	"context"
	"errors"
	"io"
	"sync"
	"time"
)

// ErrEnded is returned by WaitDrain when the writer was ended while waiting.
var ErrEnded = errors.New("runtime: writer ended")

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
// drain, lifecycle, listeners and the flusher goroutine.
type engine struct {
	mu     sync.Mutex
	q      queue
	closer io.Closer // nil when the destination is kept open
	unit   string
	hwm    int

	length      int
	state       lifecycle
	needDrain   bool
	missedDrain bool          // the last drain had no listener, and no false since
	running     bool          // a flusher goroutine owns the queue
	drainCh     chan struct{} // made by Drain, closed at the drain
	drainGen    uint64        // drains so far, for WaitDrain
	wake        chan struct{} // WaitDrain's reusable wake-up token
	waiters     int           // goroutines in WaitDrain
	runFn       func()        // e.run, bound once so that starting the flusher does not allocate
	gatherMin   int           // a batch smaller than this is worth waiting on
	gathering   bool          // the flusher waits for the queue to reach gatherMin
	gatherCh    chan struct{} // wakes the gathering flusher
	gatherTimer *time.Timer   // bounds the wait; owned by the flusher
	idleCh      chan struct{} // closed when the flusher stops, for End
	endDone     chan struct{} // closed when the first End returns
	err         error
	ls          listeners
	st          Stats
}

func (e *engine) init(q queue, dst any, unit string, o options) {
	e.q, e.unit, e.hwm = q, unit, o.hwm
	e.wake = make(chan struct{}, 1)
	e.runFn = e.run
	e.gatherMin = min(o.hwm/4, 16<<10)
	e.gatherCh = make(chan struct{}, 1)
	if c, ok := dst.(io.Closer); ok && !o.keepOpen {
		e.closer = c
	}
}

// accept records n units just queued and returns the write signal. It
// unlocks e.mu, and starts the flusher when none is running. The rare
// branches live in full and start to keep this hot path short.
func (e *engine) accept(n int) bool {
	e.length += n
	e.st.Writes++
	e.st.Accepted += int64(n)
	ok := e.length < e.hwm || e.length == 0
	if !ok {
		e.full()
	}
	if e.gathering && (e.length >= e.gatherMin || !ok) {
		e.wakeGatherer()
	}
	if e.running {
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
}

// wakeGatherer ends the flusher's wait for a larger batch. e.mu is held.
func (e *engine) wakeGatherer() {
	e.gathering = false
	select {
	case e.gatherCh <- struct{}{}:
	default:
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

// run is the flusher: it delivers batches until the queue is empty.
func (e *engine) run() {
	e.mu.Lock()
	for small := false; ; {
		if small && e.length > 0 && e.length < e.gatherMin && !e.needDrain && e.state == open {
			e.gather()
		}
		units, ok := e.q.take()
		if !ok {
			break
		}
		small = units < e.gatherMin
		e.mu.Unlock()
		delivered, err := e.flushSafe()
		e.mu.Lock()
		e.q.release()
		// Between batch completions the length only grows, so its peak
		// is reached just before one.
		e.st.PeakLength = max(e.st.PeakLength, e.length)
		e.length -= units
		e.st.Batches++
		e.st.Delivered += int64(delivered)
		if err != nil {
			e.fail(err, int64(units-delivered)) // unlocks
			return
		}
	}
	e.stopRunning()
	var fns []func()
	if e.needDrain && e.length == 0 && e.state == open {
		e.needDrain = false
		e.st.Drains++
		e.drainGen++
		e.wakeWaiters()
		fns = e.ls.take(EventDrain)
		e.missedDrain = len(fns) == 0
	}
	e.mu.Unlock()
	call(fns)
}

// stopRunning marks the flusher gone and releases an End waiting for it.
// e.mu is held.
func (e *engine) stopRunning() {
	e.running = false
	if e.idleCh != nil {
		close(e.idleCh)
		e.idleCh = nil
	}
}

// gather waits, for at most gatherFor, until the producer has queued
// gatherMin units, blocks on the mark, or ends the writer. It runs when the
// last batch was small while the producer kept writing: without it, a sink
// with a cost per call (a system call) races the producer with many small
// batches. e.mu is held; gather releases it while waiting.
func (e *engine) gather() {
	select {
	case <-e.gatherCh: // a stale wake-up from an earlier wait
	default:
	}
	e.gathering = true
	e.mu.Unlock()
	if e.gatherTimer == nil {
		e.gatherTimer = time.NewTimer(gatherFor)
	} else {
		e.gatherTimer.Reset(gatherFor)
	}
	select {
	case <-e.gatherCh:
		e.gatherTimer.Stop()
	case <-e.gatherTimer.C:
	}
	e.mu.Lock()
	e.gathering = false
}

// gatherFor bounds the delay gather adds when the producer pauses.
const gatherFor = 50 * time.Microsecond

func (e *engine) flushSafe() (delivered int, err error) {
	defer func() {
		if v := recover(); v != nil {
			delivered, err = 0, &PanicError{Value: v}
		}
	}()
	return e.q.flush()
}

// fail errors the writer after a sink error, with e.mu held by the flusher.
// Like Node's destroy, it drops the queue and closes the destination. It
// unlocks e.mu.
func (e *engine) fail(err error, lost int64) {
	lost += int64(e.q.discard())
	derr := &DeliveryError{Err: err, Delivered: e.st.Delivered, Undelivered: lost, Unit: e.unit}
	e.state = errored
	if e.err == nil || e.err == ErrWriteAfterEnd {
		e.err = derr
	}
	e.length = 0
	e.needDrain = false
	e.wakeWaiters()
	e.stopRunning()
	closer := e.closer
	fns := append(e.ls.take(EventError), e.ls.take(EventClose)...)
	e.mu.Unlock()
	if closer != nil {
		closer.Close() // the sink error is the one reported
	}
	call(fns)
}

// wakeWaiters releases Drain and WaitDrain waiters, at a drain or when no
// drain will come. e.mu is held.
func (e *engine) wakeWaiters() {
	if e.drainCh != nil {
		close(e.drainCh)
		e.drainCh = nil
	}
	if e.waiters > 0 {
		e.signal()
	}
}

// signal leaves the wake-up token for one WaitDrain, which passes it on.
func (e *engine) signal() {
	select {
	case e.wake <- struct{}{}:
	default:
	}
}

// End stops accepting data, waits until everything queued is delivered,
// closes the destination unless WithKeepOpen was given, fires EventFinish
// then EventClose, and returns the writer's first error. After a sink error
// it returns that error at once. End may be called more than once, and from
// listeners; every call returns the same error. The sink must not call End.
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
		if e.gathering {
			e.wakeGatherer()
		}
	}
	for e.running {
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

// Err returns the writer's first error: the sink's (as a *DeliveryError),
// the destination's Close error, or ErrWriteAfterEnd.
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

// NeedDrain reports whether a Write returned false and the drain has not
// fired yet.
func (e *engine) NeedDrain() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.needDrain
}

// HighWaterMark returns the length at which Write returns false.
func (e *engine) HighWaterMark() int { return e.hwm }

// Drain returns a channel that is closed when the pending drain fires, or
// when the writer ends or fails instead. It is already closed when no drain
// is pending.
func (e *engine) Drain() <-chan struct{} {
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.needDrain {
		return closedChan
	}
	if e.drainCh == nil {
		e.drainCh = make(chan struct{})
	}
	return e.drainCh
}

// WaitDrain blocks until no drain is pending. It returns ctx's error if ctx
// is done first, the writer's error if it failed, and ErrEnded if End was
// called.
func (e *engine) WaitDrain(ctx context.Context) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	// A reused token instead of Drain's channel keeps the drain loop free
	// of allocations.
	gen := e.drainGen
	for e.needDrain && e.drainGen == gen {
		e.waiters++
		e.mu.Unlock()
		var err error
		select {
		case <-e.wake:
		case <-ctx.Done():
			err = ctx.Err()
		}
		e.mu.Lock()
		e.waiters--
		if e.waiters > 0 {
			e.signal() // the token may have been meant for another waiter
		}
		if err != nil {
			return err
		}
	}
	switch {
	case e.state == errored:
		return e.err
	case e.state != open:
		return ErrEnded
	}
	return nil
}

// Stats returns a snapshot of the writer's counters.
func (e *engine) Stats() Stats {
	e.mu.Lock()
	defer e.mu.Unlock()
	s := e.st
	s.Length = e.length
	return s
}

// On registers fn to run every time ev fires and returns its ID for Off.
func (e *engine) On(ev Event, fn func()) ListenerID {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.ls.add(ev, fn, false)
}

// Once registers fn to run the next time ev fires. A drain listener added
// after the latest drain fired unheard, with no false Write since, runs at
// once on a new goroutine: see the package doc.
func (e *engine) Once(ev Event, fn func()) ListenerID {
	e.mu.Lock()
	id := e.ls.add(ev, fn, true)
	if ev == EventDrain && e.missedDrain && !e.needDrain && e.state == open {
		e.missedDrain = false
		e.ls.remove(id)
		e.mu.Unlock()
		go fn()
		return id
	}
	e.mu.Unlock()
	return id
}

// Off removes the listener with the given ID and reports whether it was
// registered.
func (e *engine) Off(id ListenerID) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.ls.remove(id)
}
