package runtime

import (
	"context"
	"errors"
	"fmt"
	"iter"
)

// A Writer is a drain-aware writer in object mode: its length counts values
// (or [WithSize] units) and its flusher hands the sink batches of values.
// Its methods are safe for concurrent use.
type Writer[T any] struct {
	engine
	sink     func(batch []T) error
	size     func(T) int
	buf      []T // queued, owned under mu
	queued   int // units in buf
	out      []T // in flight, owned by the flusher
	outUnits int
}

// NewWriter returns a Writer that delivers batches to sink, in order. The
// sink owns a batch only until it returns: the writer reuses the slice. A
// non-nil error from sink errors the writer, and the whole batch counts as
// undelivered unless the error is a *[PartialError]. The default
// highWaterMark is [DefaultObjectHighWaterMark] (16) values; [WithSize]
// counts a size per value instead. NewWriter panics on a negative
// [WithHighWaterMark], on a WithSize for another type, and on
// [WithKeepOpen]: a sink function has nothing to close.
func NewWriter[T any](sink func(batch []T) error, opts ...Option) *Writer[T] {
	o := buildOptions(DefaultObjectHighWaterMark, opts)
	if o.keepOpen {
		panic("runtime: WithKeepOpen used with NewWriter, whose sink has nothing to close")
	}
	w := &Writer[T]{sink: sink}
	unit := "values"
	if o.size != nil {
		size, ok := o.size.(func(T) int)
		if !ok {
			var zero T
			panic(fmt.Sprintf("runtime: WithSize for %T used with NewWriter[%T]", o.size, zero))
		}
		w.size, unit = size, "units"
	}
	w.init(w, sink, unit, o)
	return w
}

// Write queues v and reports whether the caller should keep writing: false
// means the length reached the highWaterMark, and the caller should wait for
// drain. A Write after End or after an error queues nothing and returns
// false.
func (w *Writer[T]) Write(v T) bool {
	n := 1
	if w.size != nil {
		n = w.size(v)
	}
	w.mu.Lock()
	if w.state != open {
		return w.reject()
	}
	w.buf = append(w.buf, v)
	w.queued += n
	return w.accept(n)
}

// WriteAll runs the drain-aware loop over seq: it writes each value in
// order and, whenever [Writer.Write] returns false, waits for drain with
// [Writer.WaitDrain] before the next one. It stops early with ctx's error,
// or with the writer's error ([ErrEnded] after End), and otherwise returns
// [Writer.Err]. It does not call End.
func (w *Writer[T]) WriteAll(ctx context.Context, seq iter.Seq[T]) error {
	done := ctx.Done()
	for v := range seq {
		select {
		case <-done:
			return ctx.Err()
		default:
		}
		if !w.Write(v) {
			if err := w.WaitDrain(ctx); err != nil {
				return err
			}
		}
	}
	return w.Err()
}

// OnceDrain is Once(EventDrain, fn): fn runs once, at the next drain, to
// resume a producer that stopped when Write returned false. There is no
// OnDrain: a persistent drain listener would resume the producer again at
// every later drain.
func (w *Writer[T]) OnceDrain(fn func()) ListenerID { return w.Once(EventDrain, fn) }

func (w *Writer[T]) take() (int, bool) {
	if len(w.buf) == 0 {
		return 0, false
	}
	w.out, w.buf = w.buf, w.out[:0]
	w.outUnits, w.queued = w.queued, 0
	return w.outUnits, true
}

func (w *Writer[T]) flush() (int, error) {
	err := w.sink(w.out)
	if err == nil {
		return w.outUnits, nil
	}
	var pe *PartialError
	if !errors.As(err, &pe) {
		return 0, err
	}
	n := min(max(pe.N, 0), len(w.out))
	if w.size == nil {
		return n, pe.Err
	}
	units := 0
	for _, v := range w.out[:n] {
		units += w.size(v)
	}
	return units, pe.Err
}

func (w *Writer[T]) release() {
	clear(w.out) // let the collector have the values
	if cap(w.out) > keepLimit(w.hwm, len(w.out)) {
		w.out = nil
		return
	}
	w.out = w.out[:0]
}

func (w *Writer[T]) discard() int {
	n := w.queued
	w.buf, w.out, w.queued = nil, nil, 0
	return n
}
