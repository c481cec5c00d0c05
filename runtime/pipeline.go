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
// The writer a stage receives is drain-aware: its Write blocks while the
// next stage is behind, and fails once the pipeline has failed. It has no
// Close method; the pipeline closes the next stage itself.
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
// src into dst.
//
// Reading src, each stage and writing dst run concurrently, joined by
// drain-aware writers with the default highWaterMark (64 KiB): a part that
// is ahead waits for drain, so memory stays bounded by the highWaterMarks
// (plus the stages' own state) whatever the size of src. Pipeline reads src
// into its own buffer; it never uses io.WriterTo or io.ReaderFrom.
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
// goroutine it started is left; a Read on src that blocks delays that, as
// Pipeline cannot interrupt it.
func Pipeline(ctx context.Context, src io.Reader, dst io.Writer, stages ...Stage) error {
	_, err := run(ctx, src, dst, stages, true)
	return err
}

// run carries src through stages to dst and returns the bytes delivered to
// dst and the first error. It closes dst only when closeDst is set.
func run(ctx context.Context, src io.Reader, dst io.Writer, stages []Stage, closeDst bool) (int64, error) {
	f := newFlow(ctx)
	defer f.cancel(nil)
	// Build from dst back to src: a stage needs the writer it writes into.
	// hops[i] feeds stages[i], and the last one feeds dst.
	hops := make([]hop, len(stages)+1)
	last := len(stages)
	hops[last] = f.hop(dst, nil)
	first := last
	for first > 0 {
		i := first - 1
		w, err := stages[i](hops[first].in)
		if err == nil && w == nil {
			err = fmt.Errorf("runtime: pipeline stage %d returned a nil writer", i)
		}
		if err != nil {
			f.fail(err)
			break
		}
		hops[i] = f.hop(w, hops[first].in)
		first = i
	}
	if first == 0 {
		f.read(src, hops[0].in)
	}
	// Flush and end each writer, then close what it delivered to, from src
	// to dst, so each Close writes into a writer that is still open.
	for i := first; i <= last; i++ {
		h := hops[i]
		if err := h.in.Flush(); err != nil {
			f.fail(err)
		}
		if err := h.in.bw.End(); err != nil {
			f.fail(cause(err))
		}
		var err error
		switch c, ok := dst.(io.Closer); {
		case i < last:
			err = closeStage(h.sink)
		case closeDst && ok:
			err = c.Close()
		}
		if err != nil {
			f.fail(err)
		}
	}
	return hops[last].in.bw.Stats().Delivered, f.Err()
}

// A hop is one drain-aware writer of a flow, the queueWriter that feeds it
// and the writer it delivers to.
type hop struct {
	in   *queueWriter
	sink io.Writer
}

// hop returns a hop delivering to w, which writes its output into next. The
// ByteWriter stays open: run closes w itself, in order, whatever happened.
func (f *flow) hop(w io.Writer, next *queueWriter) hop {
	bw := NewByteWriter(gate{w: w, next: next, f: f}, WithKeepOpen())
	// Stop the rest of the flow at once, not at its next Write.
	bw.On(EventError, func() { f.fail(cause(bw.Err())) })
	return hop{in: &queueWriter{bw: bw, f: f}, sink: w}
}

// read copies src into w until EOF or until the flow stops.
func (f *flow) read(src io.Reader, w *queueWriter) {
	buf := make([]byte, DefaultByteHighWaterMark)
	for f.stopped() == nil {
		n, err := src.Read(buf)
		if n > 0 {
			if _, werr := w.put(buf[:n]); werr != nil {
				return
			}
		}
		if err == io.EOF {
			return
		}
		if err != nil {
			f.fail(err)
			return
		}
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
