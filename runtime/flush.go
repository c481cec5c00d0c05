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
// belong to Write and End. The sink must not call Flush, which would wait
// for the sink.
func (w *engine) Flush(ctx context.Context) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	target := w.st.Accepted
	for {
		switch {
		case w.state == errored:
			return w.err
		case w.st.Delivered >= target:
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if w.flushCh == nil {
			w.flushCh, w.flushMin = make(chan struct{}), target
		}
		w.flushMin = min(w.flushMin, target)
		ch := w.flushCh
		// The flusher stops waiting for a larger batch while anyone
		// flushes (see waitBatch and run).
		w.flushers++
		if w.batchWaiting {
			w.endBatchWait()
		}
		w.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
		}
		w.mu.Lock()
		w.flushers--
	}
}

// flushed releases the Flush calls waiting for what was just delivered, or
// all of them after an error. w.mu is held.
func (w *engine) flushed() {
	if w.flushCh != nil && (w.st.Delivered >= w.flushMin || w.state == errored) {
		close(w.flushCh)
		w.flushCh = nil
	}
}
