package runtime

import (
	"context"
	"errors"
	goruntime "runtime"
	"time"
)

// Drain: the signal that resumes a producer after Write returned false,
// and the ways to wait for it.

// ErrEnded is returned by WaitDrain when the writer was ended while waiting.
var ErrEnded = errors.New("runtime: writer ended")

// drainPending reports whether drained would fire a drain. e.mu is held.
func (e *engine) drainPending() bool {
	return e.needDrain && e.length == 0 && e.state == open
}

// drained fires a pending drain once the length is back to 0 and returns
// the drain listeners to call, without e.mu, in the caller. e.mu is held.
func (e *engine) drained() []func() {
	if !e.drainPending() {
		return nil
	}
	e.needDrain = false
	e.st.Drains++
	e.drainGen.Add(1)
	e.wakeWaiters()
	fns := e.ls.take(EventDrain)
	e.missedDrain = len(fns) == 0
	return fns
}

// wakeWaiters releases Drain and WaitDrain waiters, at a drain or when no
// drain will come. e.mu is held.
func (e *engine) wakeWaiters() {
	if e.drainCh != nil {
		close(e.drainCh)
		e.drainCh = nil
	}
	if e.waiters > 0 {
		e.passToken()
	}
}

// passToken leaves the wake-up token for one WaitDrain, which passes it on
// to the next.
func (e *engine) passToken() {
	select {
	case e.token <- struct{}{}:
	default:
	}
}

// wakeForDrain ends the flusher's batch wait when a caller starts waiting
// for a pending drain: a small Write does not wake it (see accept).
// e.mu is held.
func (e *engine) wakeForDrain() {
	if e.needDrain && e.batchWaiting {
		e.endBatchWait()
	}
}

// yieldForDrain gives the flusher, just woken by wakeForDrain, a chance to
// deliver before the caller parks, and reports whether the drain came
// meanwhile. A flusher woken by a goroutine about to block runs next on the
// same thread, so the first yield usually lets it deliver; otherwise the
// caller keeps yielding for up to drainSpin, about what a local sink takes
// for a batch of the default mark. Either way the caller is not parked and
// woken again, which costs a wake-up of another thread per drain. A slower
// sink costs the caller at most drainSpin per drain. e.mu is held, and
// released while yielding.
func (e *engine) yieldForDrain() bool {
	if !e.running {
		return false // nobody to yield to
	}
	gen := e.drainGen.Load()
	e.mu.Unlock()
	came := e.yieldUntilDrain(gen)
	e.mu.Lock()
	return came || !e.needDrain
}

// yieldUntilDrain yields until the drain after gen, or until it gives up.
func (e *engine) yieldUntilDrain(gen uint64) bool {
	var deadline time.Time
	for i := 0; ; i++ {
		goruntime.Gosched()
		if e.drainGen.Load() != gen {
			return true
		}
		switch {
		case i < drainYields: // the cheap part: no clock
		case i == drainYields:
			deadline = time.Now().Add(drainSpin)
		case time.Now().After(deadline):
			return false
		}
	}
}

const (
	drainYields = 4                     // yields before the clock is read
	drainSpin   = 50 * time.Microsecond // then yields for this long at most
)

// NeedDrain reports whether a Write returned false and the drain has not
// fired yet.
func (e *engine) NeedDrain() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.needDrain
}

// Drain returns a channel that is closed when the pending drain fires, or
// when the writer ends or fails instead. It is already closed when no drain
// is pending. Before it returns an open channel, Drain yields the processor
// for at most about 50 µs, so that a drain the flusher delivers quickly
// costs no wake-up; it never waits on the sink longer than that.
func (e *engine) Drain() <-chan struct{} {
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.needDrain {
		return closedChan
	}
	e.wakeForDrain()
	if e.yieldForDrain() {
		return closedChan
	}
	if e.drainCh == nil {
		e.drainCh = make(chan struct{})
	}
	return e.drainCh
}

// WaitDrain blocks until no drain is pending. It returns ctx's error if ctx
// is done first, the writer's error if it failed, and [ErrEnded] if End was
// called. Like Drain, it first yields for at most about 50 µs,
// without watching ctx.
//
// When ctx can never be canceled (its Done returns nil, as
// context.Background's does) and no flusher is delivering, WaitDrain
// delivers the queue to the sink itself, on the calling goroutine, instead
// of waking the flusher and waiting for it; the drain listeners, or the
// error listeners after a sink error, then run on that goroutine too.
func (e *engine) WaitDrain(ctx context.Context) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	deliver := ctx.Done() == nil
	// A reused token instead of Drain's channel keeps the drain loop free
	// of allocations.
	gen := e.drainGen.Load()
	for e.needDrain && e.drainGen.Load() == gen {
		if deliver && !e.delivering {
			if !e.deliverAll() {
				break // the sink failed
			}
			continue
		}
		e.wakeForDrain()
		if e.yieldForDrain() {
			continue
		}
		e.waiters++
		e.mu.Unlock()
		var err error
		select {
		case <-e.token:
		case <-ctx.Done():
			err = ctx.Err()
		}
		e.mu.Lock()
		e.waiters--
		if e.waiters > 0 {
			e.passToken() // the token may have been meant for another waiter
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
