package runtime

import "time"

// The flusher: the goroutine that hands queued batches to the sink, and
// the batch wait that keeps those batches large.

// run is the flusher goroutine. It delivers batches and, between them,
// waits in waitBatch, without the delivery role, while the producer keeps
// writing, so that a producer does not start a flusher per batch. It exits
// when a tick finds the queue empty and no Write since the last one, at End
// or at a sink error.
func (w *engine) run() {
	w.mu.Lock()
	wait := w.delivering // a WaitDrain delivers: wait for it
	for {
		if wait {
			if !w.waitBatch() {
				w.exit()
				return
			}
		}
		w.delivering = true // waitBatch saw nobody holding it
		units, ok := w.q.take()
		if !ok {
			// Drain listeners run once the flusher is gone, since they
			// may call End, which waits for it.
			if w.state != open || w.drainPending() && w.ls.has(EventDrain) {
				break
			}
			w.drained()
			w.delivering, wait = false, true
			continue
		}
		if lost, err := w.flushBatch(units); err != nil {
			w.running = false
			w.stopTicker()
			w.fail(err, lost) // unlocks
			return
		}
		wait = units < w.batchMin && w.length > 0 && w.length < w.batchMin && !w.needDrain && w.state == open && w.flushers == 0
		if wait {
			w.delivering = false // a WaitDrain may deliver meanwhile
		}
	}
	w.running = false
	w.stopTicker()
	w.stopDelivering() // unlocks
}

// exit ends a flusher that does not hold the delivery role. w.mu is held;
// exit unlocks it.
func (w *engine) exit() {
	w.running = false
	w.stopTicker()
	w.releaseEnd()
	w.mu.Unlock()
}

// flushBatch hands the batch just taken, of the given units, to the sink,
// and returns the sink's error and the units of the batch it did not take.
// w.mu is held; it is released during the sink call.
func (w *engine) flushBatch(units int) (lost int64, err error) {
	w.mu.Unlock()
	delivered, err := w.flushSafe()
	w.mu.Lock()
	w.q.release()
	// Between batch completions the length only grows, so its peak is
	// reached just before one.
	w.st.PeakLength = max(w.st.PeakLength, w.length)
	w.length -= units
	w.st.Batches++
	w.st.Delivered += int64(delivered)
	w.flushed()
	return int64(units - delivered), err
}

func (w *engine) flushSafe() (delivered int, err error) {
	defer func() {
		if v := recover(); v != nil {
			delivered, err = 0, &PanicError{Value: v}
		}
	}()
	return w.q.flush()
}

// stopDelivering gives up the delivery role once the queue is empty, fires
// a pending drain and releases an End waiting for the delivery. w.mu is
// held; it unlocks w.mu and then calls the drain listeners.
func (w *engine) stopDelivering() {
	w.delivering = false
	if w.state != open && w.batchWaiting {
		w.endBatchWait() // End came while a WaitDrain delivered
	}
	w.releaseEnd()
	fns := w.drained()
	w.mu.Unlock()
	call(fns)
}

// releaseEnd releases an End waiting for the delivery to stop. w.mu is
// held.
func (w *engine) releaseEnd() {
	if !w.running && !w.delivering && w.idleCh != nil {
		close(w.idleCh)
		w.idleCh = nil
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
// waiting for a drain, while a Flush waits, at End, or at a tick of
// batchWaitFor that finds the producer paused, its queue small (a slow
// producer) or at the mark (a producer that does not wait for drain).
// A tick that finds a fast producer still writing below the mark waits on:
// its wait for drain delivers. The flusher does not hold the delivery role
// while it waits, so a WaitDrain may. w.mu is held, and released while
// waiting.
func (w *engine) waitBatch() bool {
	select {
	case <-w.batchWake: // a stale wake-up from an earlier wait
	default:
	}
	if w.batchTick == nil {
		w.batchTick = time.NewTicker(batchWaitFor)
	} else if !w.ticking || w.tickSlow {
		w.batchTick.Reset(batchWaitFor)
	}
	w.ticking, w.tickSlow = true, false
	select {
	case <-w.batchTick.C: // a stale tick: wait for the next one
	default:
	}
	for {
		w.batchWaiting = true
		writes := w.st.Writes
		w.mu.Unlock()
		woken := false
		select {
		case <-w.batchWake:
			woken = true
		case <-w.batchTick.C:
		}
		w.mu.Lock()
		w.batchWaiting = false
		switch paused := w.st.Writes == writes; {
		case w.delivering: // a WaitDrain delivers: wait on
		case w.state != open || woken || w.flushers > 0:
			return true
		case w.length == 0:
			if paused {
				return false
			}
		case paused || w.length < w.batchMin || w.length >= w.hwm:
			return true
		}
	}
}

// batchWaitFor bounds the delay waitBatch adds: Go's timers are about this
// coarse on Linux when no thread is awake to run them sooner.
const batchWaitFor = time.Millisecond

// batchWaitBehind is the tick period after a producer delivered at the
// mark itself (see deliverAll), until the flusher next delivers: it bounds
// how long the tail of a producer that stopped after such a delivery waits.
const batchWaitBehind = 16 * time.Millisecond

// stopTicker stops the batch wait's ticker when the flusher exits. w.mu is
// held.
func (w *engine) stopTicker() {
	if w.ticking {
		w.batchTick.Stop()
		w.ticking = false
	}
}

// endBatchWait ends the flusher's wait for a larger batch. w.mu is held.
func (w *engine) endBatchWait() {
	w.batchWaiting = false
	select {
	case w.batchWake <- struct{}{}:
	default:
	}
}

// deliverAll delivers the queue on the calling goroutine, which takes the
// delivery role from nobody: WaitDrain uses it instead of waking the
// flusher. w.mu is held and held again on return; it reports false if the
// writer failed.
func (w *engine) deliverAll() bool {
	w.delivering = true
	if w.ticking {
		// A producer that delivers at the mark will likely do so again:
		// the flusher's ticks slow down until it stops, since each one
		// wakes a thread, which a fast producer pays for (see the slog
		// rows in bench/README.md).
		w.batchTick.Reset(batchWaitBehind)
		w.tickSlow = true
	}
	for {
		units, ok := w.q.take()
		if !ok {
			break
		}
		if lost, err := w.flushBatch(units); err != nil {
			w.fail(err, lost) // unlocks
			w.mu.Lock()
			return false
		}
	}
	w.stopDelivering()
	w.mu.Lock()
	return true
}

// fail errors the writer after a sink error, with w.mu held by the
// deliverer, which has already cleared running if it is the flusher. Like Node's destroy, it drops the queue and closes the
// destination. It unlocks w.mu.
func (w *engine) fail(err error, lost int64) {
	lost += int64(w.q.discard())
	derr := &DeliveryError{Err: err, Delivered: w.st.Delivered, Undelivered: lost, Unit: w.unit}
	w.state = errored
	if w.err == nil || w.err == ErrWriteAfterEnd {
		w.err = derr
	}
	w.length = 0
	w.needDrain = false
	w.wakeWaiters()
	w.flushed()
	w.delivering = false
	if w.batchWaiting {
		w.endBatchWait()
	}
	w.releaseEnd()
	closer := w.closer
	fns := append(w.ls.take(EventError), w.ls.take(EventClose)...)
	w.mu.Unlock()
	if closer != nil {
		closer.Close() // the sink error is the one reported
	}
	call(fns)
}
