// Package runtime provides drain-aware writers: Go counterparts of Node.js's
// stream.Writable that make backpressure explicit.
//
// A writer queues what it is given and hands it to a sink from a background
// flusher goroutine. Write always accepts data while the writer is open and
// reports whether the caller should keep writing:
//
//	ok := w.Write(p) // p is copied; the caller may reuse it
//	if !ok {
//		// The queue reached the highWaterMark: stop and wait for drain.
//		if err := w.WaitDrain(ctx); err != nil {
//			return err
//		}
//	}
//
// The rules follow Node's lib/internal/streams/writable.js:
//
//   - Write returns length < highWaterMark, computed after the chunk is added.
//     The length counts everything queued plus the batch the sink is writing,
//     until the sink returns. An empty write to an empty writer returns true,
//     as in Node; unlike Node, empty writes never reach the sink.
//   - After Write returned false, the drain signal fires exactly once, when
//     the length returns to 0. Falling below the mark is not enough. Drain
//     never fires after End was called or after an error. (Node's
//     backpressure guide describes drain at the mark; this package follows
//     Node's code, not the guide.)
//   - The sink receives batches in order (Node's _writev). Nothing accepted
//     is dropped, duplicated or reordered while the sink succeeds. Between
//     batches the flusher waits for the queue to be worth a sink call: see
//     Batching below.
//   - The first sink error (or short write) errors the writer: Write returns
//     false, Err, End and WaitDrain return the error, EventError then
//     EventClose fire, and the error reports how much accepted data was not
//     delivered (see [DeliveryError]).
//   - End stops accepting data, flushes, closes the destination when it is an
//     io.Closer (see [WithKeepOpen]), fires [EventFinish] then [EventClose]
//     and returns the first error. Write after End returns false and sets Err
//     to [ErrWriteAfterEnd], as Node emits ERR_STREAM_WRITE_AFTER_END.
//
// The tests check these rules against Node itself: when node is on PATH,
// they replay the same scripts through stream.Writable, and Pipeline's
// output through zlib, and compare every result. A model-based fuzz test
// (FuzzModel) checks random sequences of calls against a reference model.
//
// # io.Writer and Flush
//
// [ByteWriter.Blocking] returns the writer's io.Writer face, for code that
// takes one: log/slog handlers, encoding/json, fmt, compress/gzip, io.Copy,
// and zap through its Sync. Its Write waits for drain itself when the queue
// reaches the mark, so the caller is held back while memory stays bounded.
// Flush, on both writers, waits until everything accepted before the call
// reached the sink, as bufio.Writer.Flush does, without ending the writer;
// Sync is the face's Flush.
//
// # Batching
//
// A flusher goroutine delivers the queue, one batch per sink call. After a
// small batch, and after a drain, it waits for a larger batch instead of
// racing the producer with a sink call per Write: until a single Write of
// half the mark or more stays below the mark (Copy's buffers), until
// a caller waits for the drain (Drain, WaitDrain, Once or On with
// [EventDrain]) or calls Flush or End, or until a tick, about every millisecond,
// finds the producer paused, writing slowly, or past the mark. So a
// producer that stops writing sees its data delivered within about a
// millisecond, without End. A producer that delivers at the mark itself
// (see below) slows the ticks down to one every 16 ms until it stops, since
// each tick wakes a thread: the tail it writes before it stops may wait
// that long.
//
// [ByteWriter.WaitDrain] and [Writer.WaitDrain] with a context that can
// never be canceled, such as context.Background(), deliver the queue
// themselves, on the calling goroutine, when no flusher is delivering: the
// drain-aware loop then costs no wake-up of another goroutine per drain.
// Drain, and WaitDrain with any other context, wake the flusher and yield
// for at most about 50 µs before they block, since a flusher woken by a
// goroutine about to wait usually runs at once on the same thread: a quick
// drain then costs one wake-up, not two. They never run the sink, which
// may block for as long as it likes: a select on Drain and ctx.Done()
// stays responsive.
//
// # Data channels
//
// [NewChannelWriter] puts a ByteWriter in front of a message channel that
// reports a buffered amount, such as a WebRTC data channel (see
// [BufferedChannel]). Its sink splits each batch into messages of bounded
// size, sends only while the channel holds less than the highWaterMark, and
// returns once the channel has fallen to half the mark. So the writer's
// length counts what the channel still holds: Write returns false while the
// data waits there, the drain fires once the channel has sent all but half
// the mark, and End returns only when the channel is empty.
//
// # Goroutines
//
// A writer that was never written to holds no goroutine. The flusher starts
// at the first Write, stays while the producer keeps writing, and exits at
// the first tick that finds the queue empty and no Write since the one
// before; no goroutine started by the writer outlives End or an error. All
// methods are safe for concurrent use.
//
// # Listeners
//
// On and Once register Node-style listeners. They run without internal locks
// held: drain, and error and close after a sink error, on the goroutine that
// delivered the last batch (the flusher, or a WaitDrain that delivered it);
// finish and close on the goroutine that called End. So a listener may call
// Write, Once or End. Because the flusher runs concurrently, a drain can
// happen between a Write that returned false and the Once that waits for it.
// Once(EventDrain, fn) therefore runs fn at once (on a new goroutine) when
// the latest drain fired with no drain listener registered and no Write has
// returned false since. This keeps Node's loop race-free in Go:
//
//	func next() {
//		for i < n {
//			ok := w.Write(line(i))
//			i++
//			if !ok {
//				w.Once(runtime.EventDrain, next)
//				return
//			}
//		}
//		w.End()
//	}
//
// # Monitoring
//
// Stats returns a snapshot of a writer's counters: writes, units accepted
// and delivered, batches, drains, and the current and peak length. In a
// long-running pipeline, watch that the length stays within the
// highWaterMark (plus one write) and that process memory stays flat. The
// nested module github.com/bpvet/bpvet/metrics exports Stats to
// Prometheus.
//
// # Panics
//
// A panicking sink is recovered on the flusher goroutine and errors the
// writer with a *PanicError, so the data it held is reported, not silently
// lost. A panicking listener is not recovered: it panics the goroutine that
// runs it, as a panic in any callback would.
package runtime
