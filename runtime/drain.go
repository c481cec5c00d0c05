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

// drainPending reports whether drained would fire a drain. w.mu is held.
func (w *engine) drainPending() bool {
	return w.needDrain && w.length == 0 && w.state == open
}

// drained fires a pending drain once the length is back to 0 and returns
// the drain listeners to call, without w.mu, in the caller. w.mu is held.
func (w *engine) drained() []func() {
	if !w.drainPending() {
		return nil
	}
	w.needDrain = false
	w.st.Drains++
	w.drainGen.Add(1)
	w.wakeWaiters()
	fns := w.ls.take(EventDrain)
	w.missedDrain = len(fns) == 0
	return fns
}

// wakeWaiters releases Drain and WaitDrain waiters, at a drain or when no
// drain will come. w.mu is held.
func (w *engine) wakeWaiters() {
	if w.drainCh != nil {
		close(w.drainCh)
		w.drainCh = nil
	}
	if w.waiters > 0 {
		w.passToken()
	}
}

// passToken leaves the wake-up token for one WaitDrain, which passes it on
// to the next.
func (w *engine) passToken() {
	select {
	case w.token <- struct{}{}:
	default:
	}
}

// wakeForDrain ends the flusher's batch wait when a caller starts waiting
// for a pending drain: a small Write does not wake it (see accept).
// w.mu is held.
func (w *engine) wakeForDrain() {
	if w.needDrain && w.batchWaiting {
		w.endBatchWait()
	}
}

// yieldForDrain gives the flusher, just woken by wakeForDrain, a chance to
// deliver before the caller parks, and reports whether the drain came
// meanwhile. A flusher woken by a goroutine about to block runs next on the
// same thread, so the first yield usually lets it deliver; otherwise the
// caller keeps yielding for up to drainSpin, about what a local sink takes
// for a batch of the default mark. Either way the caller is not parked and
// woken again, which costs a wake-up of another thread per drain. A slower
// sink costs the caller at most drainSpin per drain. w.mu is held, and
// released while yielding.
func (w *engine) yieldForDrain() bool {
	if !w.running {
		return false // nobody to yield to
	}
	gen := w.drainGen.Load()
	w.mu.Unlock()
	came := w.yieldUntilDrain(gen)
	w.mu.Lock()
	return came || !w.needDrain
}

// yieldUntilDrain yields until the drain after gen, or until it gives up.
func (w *engine) yieldUntilDrain(gen uint64) bool {
	var deadline time.Time
	for i := 0; ; i++ {
		goruntime.Gosched()
		if w.drainGen.Load() != gen {
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
func (w *engine) NeedDrain() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.needDrain
}

// Drain returns a channel that is closed when the pending drain fires, or
// when the writer ends or fails instead. It is already closed when no drain
// is pending. Before it returns an open channel, Drain yields the processor
// for at most about 50 µs, so that a drain the flusher delivers quickly
// costs no wake-up; it never waits on the sink longer than that.
func (w *engine) Drain() <-chan struct{} {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.needDrain {
		return closedChan
	}
	w.wakeForDrain()
	if w.yieldForDrain() {
		return closedChan
	}
	if w.drainCh == nil {
		w.drainCh = make(chan struct{})
	}
	return w.drainCh
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
func (w *engine) WaitDrain(ctx context.Context) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	deliver := ctx.Done() == nil
	// A reused token instead of Drain's channel keeps the drain loop free
	// of allocations.
	gen := w.drainGen.Load()
	for w.needDrain && w.drainGen.Load() == gen {
		if deliver && !w.delivering {
			if !w.deliverAll() {
				break // the sink failed
			}
			continue
		}
		w.wakeForDrain()
		if w.yieldForDrain() {
			continue
		}
		w.waiters++
		w.mu.Unlock()
		var err error
		select {
		case <-w.token:
		case <-ctx.Done():
			err = ctx.Err()
		}
		w.mu.Lock()
		w.waiters--
		if w.waiters > 0 {
			w.passToken() // the token may have been meant for another waiter
		}
		if err != nil {
			return err
		}
	}
	switch {
	case w.state == errored:
		return w.err
	case w.state != open:
		return ErrEnded
	}
	return nil
}
