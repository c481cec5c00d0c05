package runtime

import "time"

// The flusher: the goroutine that hands queued batches to the sink, and
// the batch wait that keeps those batches large.

// run is the flusher goroutine. It delivers batches and, between them,
// waits in waitBatch, without the delivery role, while the producer keeps
// writing, so that a producer does not start a flusher per batch. It exits
// when a tick finds the queue empty and no Write since the last one, at End
// or at a sink error.
func (e *engine) run() {
	e.mu.Lock()
	wait := e.delivering // a WaitDrain delivers: wait for it
	for {
		if wait {
			if !e.waitBatch() {
				e.exit()
				return
			}
		}
		e.delivering = true // waitBatch saw nobody holding it
		units, ok := e.q.take()
		if !ok {
			// Drain listeners run once the flusher is gone, since they
			// may call End, which waits for it.
			if e.state != open || e.drainPending() && e.ls.has(EventDrain) {
				break
			}
			e.drained()
			e.delivering, wait = false, true
			continue
		}
		if lost, err := e.flushBatch(units); err != nil {
			e.running = false
			e.stopTicker()
			e.fail(err, lost) // unlocks
			return
		}
		wait = units < e.batchMin && e.length > 0 && e.length < e.batchMin && !e.needDrain && e.state == open && e.flushers == 0
		if wait {
			e.delivering = false // a WaitDrain may deliver meanwhile
		}
	}
	e.running = false
	e.stopTicker()
	e.stopDelivering() // unlocks
}

// exit ends a flusher that does not hold the delivery role. e.mu is held;
// exit unlocks it.
func (e *engine) exit() {
	e.running = false
	e.stopTicker()
	e.releaseEnd()
	e.mu.Unlock()
}

// flushBatch hands the batch just taken, of the given units, to the sink,
// and returns the sink's error and the units of the batch it did not take.
// e.mu is held; it is released during the sink call.
func (e *engine) flushBatch(units int) (lost int64, err error) {
	e.mu.Unlock()
	delivered, err := e.flushSafe()
	e.mu.Lock()
	e.q.release()
	// Between batch completions the length only grows, so its peak is
	// reached just before one.
	e.st.PeakLength = max(e.st.PeakLength, e.length)
	e.length -= units
	e.st.Batches++
	e.st.Delivered += int64(delivered)
	e.flushed()
	return int64(units - delivered), err
}

func (e *engine) flushSafe() (delivered int, err error) {
	defer func() {
		if v := recover(); v != nil {
			delivered, err = 0, &PanicError{Value: v}
		}
	}()
	return e.q.flush()
}

// stopDelivering gives up the delivery role once the queue is empty, fires
// a pending drain and releases an End waiting for the delivery. e.mu is
// held; it unlocks e.mu and then calls the drain listeners.
func (e *engine) stopDelivering() {
	e.delivering = false
	if e.state != open && e.batchWaiting {
		e.endBatchWait() // End came while a WaitDrain delivered
	}
	e.releaseEnd()
	fns := e.drained()
	e.mu.Unlock()
	call(fns)
}

// releaseEnd releases an End waiting for the delivery to stop. e.mu is
// held.
func (e *engine) releaseEnd() {
	if !e.running && !e.delivering && e.idleCh != nil {
		close(e.idleCh)
		e.idleCh = nil
	}
}

// waitBatch waits until the queue is worth a sink call. It returns true
// when the flusher should take the delivery role and a batch, and false
// when it should exit: a tick found the queue empty and the producer
// paused. Without the wait, a sink with a cost per call (a system call)
// races the producer with many small batches, and each batch costs the
// producer a wake-up.
//
// The wait ends at a large write (see accept), when a caller starts
// waiting for a drain, at End, or at a tick of batchWaitFor that finds the producer paused, its queue small (a
// slow producer) or at the mark (a producer that does not wait for drain).
// A tick that finds a fast producer still writing below the mark waits on:
// its wait for drain delivers. The flusher does not hold the delivery role
// while it waits, so a WaitDrain may. e.mu is held, and released while
// waiting.
func (e *engine) waitBatch() bool {
	select {
	case <-e.batchWake: // a stale wake-up from an earlier wait
	default:
	}
	if e.batchTick == nil {
		e.batchTick = time.NewTicker(batchWaitFor)
	} else if !e.ticking {
		e.batchTick.Reset(batchWaitFor)
	}
	e.ticking = true
	select {
	case <-e.batchTick.C: // a stale tick: wait for the next one
	default:
	}
	for {
		e.batchWaiting = true
		writes := e.st.Writes
		e.mu.Unlock()
		woken := false
		select {
		case <-e.batchWake:
			woken = true
		case <-e.batchTick.C:
		}
		e.mu.Lock()
		e.batchWaiting = false
		switch paused := e.st.Writes == writes; {
		case e.delivering: // a WaitDrain delivers: wait on
		case e.state != open || woken || e.flushers > 0:
			return true
		case e.length == 0:
			if paused {
				return false
			}
		case paused || e.length < e.batchMin || e.length >= e.hwm:
			return true
		}
	}
}

// batchWaitFor bounds the delay waitBatch adds: Go's timers are about this
// coarse on Linux when no thread is awake to run them sooner.
const batchWaitFor = time.Millisecond

// stopTicker stops the batch wait's ticker when the flusher exits. e.mu is
// held.
func (e *engine) stopTicker() {
	if e.ticking {
		e.batchTick.Stop()
		e.ticking = false
	}
}

// endBatchWait ends the flusher's wait for a larger batch. e.mu is held.
func (e *engine) endBatchWait() {
	e.batchWaiting = false
	select {
	case e.batchWake <- struct{}{}:
	default:
	}
}

// deliverAll delivers the queue on the calling goroutine, which takes the
// delivery role from nobody: WaitDrain uses it instead of waking the
// flusher. e.mu is held and held again on return; it reports false if the
// writer failed.
func (e *engine) deliverAll() bool {
	e.delivering = true
	for {
		units, ok := e.q.take()
		if !ok {
			break
		}
		if lost, err := e.flushBatch(units); err != nil {
			e.fail(err, lost) // unlocks
			e.mu.Lock()
			return false
		}
	}
	e.stopDelivering()
	e.mu.Lock()
	return true
}

// fail errors the writer after a sink error, with e.mu held by the
// deliverer, which has already cleared running if it is the flusher. Like Node's destroy, it drops the queue and closes the
// destination. It unlocks e.mu.
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
	e.flushed()
	e.delivering = false
	if e.batchWaiting {
		e.endBatchWait()
	}
	e.releaseEnd()
	closer := e.closer
	fns := append(e.ls.take(EventError), e.ls.take(EventClose)...)
	e.mu.Unlock()
	if closer != nil {
		closer.Close() // the sink error is the one reported
	}
	call(fns)
}
