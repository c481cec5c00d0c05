package runtime

import (
	"context"
	"fmt"
	"io"
)

// A Stage builds one transform of a Pipeline. Given the writer that receives
// the stage's output, it returns the writer that receives its input, as
// gzip.NewWriter does. At the end of the pipeline, on success or failure,
// the returned writer is closed if it is an io.Closer, or else flushed if it
// has a Flush() error method (as bufio.Writer does); a stage that needs
// neither may return any io.Writer.
//
// The writer a stage receives is drain-aware: its Write copies p, blocks
// while the next stage is behind, and fails once the pipeline has failed.
// Writes under 8 KiB are coalesced and passed on when the stage returns from
// the Write that received its input, or at Close. The writer has no Close
// method; the pipeline closes the next stage itself.
//
// A constructor such as gzip.NewWriter has type func(io.Writer) *gzip.Writer,
// which Go does not convert to a Stage; StageOf, StageOfErr and StageOfLevel
// adapt constructors of any writer type:
//
//	runtime.StageOf(gzip.NewWriter)
//	runtime.StageOf(bufio.NewWriter)
//	runtime.StageOfLevel(flate.NewWriter, flate.BestSpeed)
//	runtime.StageOfLevel(gzip.NewWriterLevel, gzip.BestSpeed)
//
// A user transform may be written as a Stage directly.
type Stage func(w io.Writer) (io.Writer, error)

// StageOf returns the Stage of a constructor that cannot fail, such as
// gzip.NewWriter, zlib.NewWriter or bufio.NewWriter.
func StageOf[W io.Writer](newWriter func(w io.Writer) W) Stage {
	return func(w io.Writer) (io.Writer, error) { return newWriter(w), nil }
}

// StageOfErr returns the Stage of a constructor that can fail. A non-nil
// error stops the pipeline before any data is read.
func StageOfErr[W io.Writer](newWriter func(w io.Writer) (W, error)) Stage {
	return func(w io.Writer) (io.Writer, error) {
		sw, err := newWriter(w)
		if err != nil {
			return nil, err // not sw: a nil *T would make a non-nil io.Writer
		}
		return sw, nil
	}
}

// StageOfLevel returns the Stage of a constructor that takes a compression
// level, such as flate.NewWriter, gzip.NewWriterLevel or zlib.NewWriterLevel.
func StageOfLevel[W io.Writer](newWriter func(w io.Writer, level int) (W, error), level int) Stage {
	return StageOfErr(func(w io.Writer) (W, error) { return newWriter(w, level) })
}

// Pipeline copies src through the stages, in order, to dst, like Node's
// stream.pipeline: Pipeline(ctx, src, dst, StageOf(gzip.NewWriter)) gzips
// src into dst. The arguments come in the order the data flows, unlike
// [Copy]'s (dst, src), which follows io.Copy: see Copy.
//
// Reading src, each stage and writing dst run concurrently, joined by
// drain-aware writers: a part that is ahead waits for drain, so memory stays
// bounded whatever the size of src. Pipeline reads src into 256 KiB buffers
// of its own and hands them to the first stage without copying, at most two
// at a time; the stages write into writers with the default highWaterMark
// (64 KiB). Add the stages' own state, such as a compressor's window, and
// that is all Pipeline holds. It never uses io.WriterTo or io.ReaderFrom.
//
// Pipeline returns nil once src returned io.EOF and every stage and dst
// accepted everything and closed without error. Otherwise it returns the
// first error, as the failing part returned it: a stage constructor's, a
// Read error from src, a Write or Close error from a stage or dst, or
// context.Cause(ctx). Every later part stops at its next Write, nothing
// more reaches dst, and later errors are dropped.
//
// On success and on failure alike, Pipeline closes (or flushes, see Stage)
// every stage in order from src to dst, each after the one before it
// finished writing into it, and then closes dst if it is an io.Closer, as
// ByteWriter.End does. It does not close src. It returns only when no
// goroutine it started is left; a Read on src or a Write on a stage or dst
// that blocks delays that, as Pipeline cannot interrupt them.
func Pipeline(ctx context.Context, src io.Reader, dst io.Writer, stages ...Stage) error {
	_, err := runFlow(ctx, src, dst, stages, true)
	return err
}

// runFlow carries src through stages to dst and returns the bytes dst
// accepted and the first error. It closes dst only when closeDst is set.
func runFlow(ctx context.Context, src io.Reader, dst io.Writer, stages []Stage, closeDst bool) (int64, error) {
	f := newFlow(ctx)
	defer f.cancel(nil)
	// Build from dst back to src: a stage needs the writer it writes into.
	// gates[i] delivers to the writer of stages[i], gates[n] to dst; for
	// i > 0, ins[i] is the queue stages[i-1] writes into, feeding gates[i].
	n := len(stages)
	gates := make([]*gate, n+1)
	ins := make([]*queueWriter, n+1)
	gates[n] = &gate{w: dst, f: f}
	first := n
	for ; first > 0; first-- {
		ins[first] = f.queue(gates[first])
		var w io.Writer
		var err error
		if st := stages[first-1]; st != nil {
			w, err = st(ins[first])
		}
		if err == nil && w == nil {
			err = fmt.Errorf("runtime: pipeline stage %d is nil or returned a nil writer", first-1)
		}
		if err != nil {
			f.fail(err)
			break
		}
		gates[first-1] = &gate{w: w, next: ins[first], f: f}
	}
	if first == 0 {
		f.pump(src, gates[0])
	}
	// End each queue, then close what it delivered to, from src to dst, so
	// each Close writes into a queue that is still open.
	for i := first; i <= n; i++ {
		if i > 0 {
			ins[i].end()
		}
		var err error
		switch c, ok := dst.(io.Closer); {
		case i < n:
			err = closeStage(gates[i].w)
		case closeDst && ok:
			err = c.Close()
		}
		if err != nil {
			f.fail(err)
		}
	}
	return gates[n].n, f.Err()
}

// readSize is the size of the buffers src is read into. Large reads keep
// the cost of handing each one to the flusher small next to the read: with
// 64 KiB reads, Copy from a cached file to /dev/null took 1.2 to 1.3 times
// as long as io.Copy.
const readSize = 256 << 10

// pump reads src and hands each buffer to a Writer[[]byte] that delivers it
// to g, until EOF or until the flow stops. A buffer changes hands instead of
// being copied, as Node passes a readable's chunks to write(), and the sink
// recycles it once delivered. The writer's highWaterMark is two buffers, so
// pump reads the next buffer while the previous one is delivered, and waits
// for drain when both are queued. A buffer counts its whole capacity,
// however little a Read put in it, so pump never holds more than two.
func (f *flow) pump(src io.Reader, g *gate) {
	free := make(chan []byte, 2)
	w := NewWriter(func(batch [][]byte) error {
		for _, b := range batch {
			if _, err := g.Write(b); err != nil {
				return err
			}
			select {
			case free <- b[:cap(b)]:
			default:
			}
		}
		return nil
	}, WithSize(func(b []byte) int { return cap(b) }), WithHighWaterMark(2*readSize))
	w.On(EventError, func() { f.fail(rootCause(w.Err())) })
	var buf []byte
	for f.stopped() == nil {
		if buf == nil {
			select {
			case buf = <-free:
			default:
				buf = make([]byte, readSize)
			}
		}
		n, err := src.Read(buf)
		if n > 0 {
			p := buf[:n]
			buf = nil // the writer owns it now
			if !w.Write(p) && f.wait(w) != nil {
				break
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			f.fail(err)
			break
		}
	}
	if err := w.End(); err != nil {
		f.fail(rootCause(err))
	}
}

// closeStage closes w if it is an io.Closer, or else flushes it if it has
// a Flush() error method.
func closeStage(w io.Writer) error {
	switch c := w.(type) {
	case io.Closer:
		return c.Close()
	case interface{ Flush() error }:
		return c.Flush()
	}
	return nil
}
