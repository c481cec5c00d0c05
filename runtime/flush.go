package runtime

import "context"

// Flush waits until everything the writer accepted before the call has
// been delivered to the sink, as bufio.Writer.Flush and zap's Sync do for
// their writers. Writes that other goroutines make during the call do not
// extend the wait. Flush neither ends the writer nor closes its
// destination, with or without [WithKeepOpen], and it is not a drain: it
// fires no [EventDrain] and leaves a pending drain pending until the length
// returns to 0.
//
// Flush returns nil once that data was delivered, even after End. It
// returns the writer's *[DeliveryError] if the sink has failed, before or
// during the call, and ctx's error if ctx is done first; the data stays
// queued. It never returns [ErrWriteAfterEnd] or a Close error: those
// belong to Write and End.
func (e *engine) Flush(ctx context.Context) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	target := e.st.Accepted
	for {
		switch {
		case e.state == errored:
			return e.err
		case e.st.Delivered >= target:
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if e.flushCh == nil {
			e.flushCh, e.flushMin = make(chan struct{}), target
		}
		e.flushMin = min(e.flushMin, target)
		ch := e.flushCh
		// The flusher stops waiting for a larger batch while anyone
		// flushes (see waitBatch and run).
		e.flushers++
		if e.batchWaiting {
			e.endBatchWait()
		}
		e.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
		}
		e.mu.Lock()
		e.flushers--
	}
}

// flushed releases the Flush calls waiting for what was just delivered, or
// all of them after an error. e.mu is held.
func (e *engine) flushed() {
	if e.flushCh != nil && (e.st.Delivered >= e.flushMin || e.state == errored) {
		close(e.flushCh)
		e.flushCh = nil
	}
}
