package runtime

import "context"

// A BlockingWriter is the io.Writer face of a [ByteWriter], for code that
// takes an io.Writer: log/slog handlers, encoding/json.Encoder, fmt.Fprintf,
// compress/gzip, io.Copy. Its backpressure is blocking: a Write that brings
// the queue to the highWaterMark waits for drain before it returns, so
// memory stays bounded by the mark while the sink is slow. Its Sync makes
// it a zapcore.WriteSyncer. Its methods are safe for concurrent use.
type BlockingWriter struct {
	w   *ByteWriter
	ctx context.Context
}

// Blocking returns the io.Writer face of w, whose waits end when ctx is
// done. With a ctx that is never done, such as context.Background(), a
// Write waits for drain as long as the sink takes, and delivers the queue
// itself when no flusher is delivering (see [ByteWriter.WaitDrain]).
func (w *ByteWriter) Blocking(ctx context.Context) *BlockingWriter {
	return &BlockingWriter{w: w, ctx: ctx}
}

// Write queues a copy of p and, when the queue reached the highWaterMark,
// waits for drain. It returns len(p) and nil when p was queued and the
// writer may take more. Otherwise it returns the error, never a short count
// with a nil error: 0 and [ByteWriter.Err] when the writer had ended or
// failed and did not take p; len(p) and the writer's *[DeliveryError], or
// ctx's error, when p was queued but the wait for drain failed (the
// DeliveryError counts p if it was not delivered). End called during the
// wait is not an error: End delivers p.
func (b *BlockingWriter) Write(p []byte) (int, error) {
	switch write(b.w, p) {
	case keepWriting:
		return len(p), nil
	case refused:
		return 0, b.w.Err()
	}
	if err := b.w.WaitDrain(b.ctx); err != nil && err != ErrEnded {
		return len(p), err
	}
	return len(p), nil
}

// Sync is [ByteWriter.Flush] with the face's context: it returns once
// everything written before the call was delivered to the sink. The
// writer stays open; End it when done.
func (b *BlockingWriter) Sync() error { return b.w.Flush(b.ctx) }
