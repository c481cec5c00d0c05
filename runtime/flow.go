package runtime

import (
	"context"
	"io"
	"sync"
)

// A flow is the shared state of one Pipeline or Copy call: the context that
// stops every part of it and the first error, which wins.
type flow struct {
	ctx    context.Context
	cancel context.CancelCauseFunc
	mu     sync.Mutex
	err    error
}

func newFlow(ctx context.Context) *flow {
	f := &flow{}
	f.ctx, f.cancel = context.WithCancelCause(ctx)
	return f
}

// fail records err unless an earlier error was recorded, stops the flow and
// returns the first error, so that every part reports the same one.
func (f *flow) fail(err error) error {
	f.mu.Lock()
	if f.err == nil {
		f.err = err
	}
	first := f.err
	f.mu.Unlock()
	f.cancel(first)
	return first
}

// stopped returns the first error once the flow is stopped, by a failure or
// by the caller's context, and nil while it runs.
func (f *flow) stopped() error {
	if f.ctx.Err() == nil {
		return nil
	}
	return f.fail(context.Cause(f.ctx))
}

// Err returns the first error.
func (f *flow) Err() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.err
}

// rootCause strips the DeliveryError a flow's own writers add, so the error
// returned is the one the failing part returned.
func rootCause(err error) error {
	if de, ok := err.(*DeliveryError); ok {
		return de.Err
	}
	return err
}

// queueWriter is the io.Writer face of a ByteWriter inside a flow. Write
// queues a copy of p and, when the queue reaches its highWaterMark, blocks
// until drain: that pauses whoever writes, as Node pauses a readable.
//
// Writes smaller than coalesceSize are coalesced into one ByteWriter.Write,
// so that a stage such as compress/flate, which writes a few hundred bytes
// at a time, takes the ByteWriter's lock once for many of them. This is the
// stage's side; the ByteWriter's flusher has its own batch wait. The gate
// upstream flushes them after every batch, so they wait no longer than the
// ByteWriter would. queueWriter has no Close, so a stage cannot close the
// rest of the chain.
type queueWriter struct {
	bw    *ByteWriter
	f     *flow
	mu    sync.Mutex // a stage may write from its own goroutines
	small []byte     // coalesced writes
}

const coalesceSize = 8 << 10

func (q *queueWriter) Write(p []byte) (int, error) {
	if err := q.f.stopped(); err != nil {
		return 0, err
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.small)+len(p) > coalesceSize {
		if err := q.flushLocked(); err != nil {
			return 0, err
		}
	}
	if len(p) >= coalesceSize {
		return q.put(p)
	}
	if q.small == nil {
		q.small = make([]byte, 0, coalesceSize)
	}
	q.small = append(q.small, p...)
	return len(p), nil
}

// Flush hands the coalesced writes to the ByteWriter.
func (q *queueWriter) Flush() error {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.flushLocked()
}

func (q *queueWriter) flushLocked() error {
	if len(q.small) == 0 {
		return nil
	}
	_, err := q.put(q.small) // the ByteWriter copies small
	q.small = q.small[:0]
	return err
}

// put queues p and waits for drain when the queue is full.
func (q *queueWriter) put(p []byte) (int, error) {
	if !q.bw.Write(p) {
		if err := q.f.wait(q.bw); err != nil {
			return 0, err
		}
	}
	return len(p), nil
}

// end hands over what was coalesced and ends the ByteWriter.
func (q *queueWriter) end() {
	if err := q.Flush(); err != nil {
		q.f.fail(err)
	}
	if err := q.bw.End(); err != nil {
		q.f.fail(rootCause(err))
	}
}

// queue returns a queueWriter whose ByteWriter delivers to g.
func (f *flow) queue(g *gate) *queueWriter {
	bw := NewByteWriter(g)
	// Stop the rest of the flow at once, not at its next Write.
	bw.On(EventError, func() { f.fail(rootCause(bw.Err())) })
	return &queueWriter{bw: bw, f: f}
}

// A drainer is a ByteWriter or a Writer.
type drainer interface {
	Err() error
	WaitDrain(ctx context.Context) error
}

// wait is the writing side of a false Write: it waits for drain and returns
// the flow's first error if the writer failed or the flow stopped.
func (f *flow) wait(w drainer) error {
	if err := w.Err(); err != nil {
		return f.fail(rootCause(err))
	}
	if err := w.WaitDrain(f.ctx); err != nil {
		if stop := f.stopped(); stop != nil {
			return stop
		}
		return f.fail(rootCause(err))
	}
	return nil
}

// A gate is where a flow's writer delivers: a stage's writer or dst. It
// stops delivering as soon as the flow stops, so a failure does not push
// queued data further, and after each batch it hands on what the stage
// coalesced in next.
type gate struct {
	w    io.Writer
	next *queueWriter // nil when w is dst
	f    *flow
	n    int64 // bytes w accepted; read once the writer feeding the gate ended
}

func (g *gate) Write(p []byte) (int, error) {
	if err := g.f.stopped(); err != nil {
		return 0, err
	}
	n, err := g.w.Write(p)
	n = min(max(n, 0), len(p))
	g.n += int64(n)
	if err == nil && n < len(p) {
		err = io.ErrShortWrite
	}
	if err == nil && g.next != nil {
		err = g.next.Flush()
	}
	return n, err
}
