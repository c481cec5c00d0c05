package runtime

import (
	"fmt"
	"io"
)

// A ByteWriter is a drain-aware writer in byte mode: its length counts bytes
// and its flusher hands dst one coalesced batch per Write call on dst. Its
// methods are safe for concurrent use.
type ByteWriter struct {
	engine
	dst io.Writer
	buf []byte // queued, owned under mu
	out []byte // in flight, owned by the flusher
}

// NewByteWriter returns a ByteWriter that delivers to dst. The default
// highWaterMark is [DefaultByteHighWaterMark] (64 KiB). End closes dst if it
// is an io.Closer, unless [WithKeepOpen] is given. NewByteWriter panics on a
// negative [WithHighWaterMark] and on [WithSize], which only a [Writer]
// takes.
func NewByteWriter(dst io.Writer, opts ...Option) *ByteWriter {
	o := buildOptions(DefaultByteHighWaterMark, opts)
	if o.size != nil {
		panic(fmt.Sprintf("runtime: WithSize for %T used with NewByteWriter, which counts bytes", o.size))
	}
	w := &ByteWriter{dst: dst}
	w.init(w, dst, "bytes", o)
	return w
}

// Write queues a copy of p, so the caller may reuse p at once, and reports
// whether the caller should keep writing: false means the length reached
// the highWaterMark, and the caller should wait for drain. A Write after End
// or after an error queues nothing and returns false. [ByteWriter.Blocking]
// returns an io.Writer that waits for drain itself.
func (w *ByteWriter) Write(p []byte) bool { return write(w, p) == keepWriting }

// WriteString is like Write for a string, without converting it first.
func (w *ByteWriter) WriteString(s string) bool { return write(w, s) == keepWriting }

// A signal is what write tells its caller: Write's bool, and for the
// blocking face whether the data was queued at all.
type signal uint8

const (
	keepWriting signal = iota // queued, below the mark
	full                      // queued; wait for drain
	refused                   // not queued: the writer is not open
)

func signalOf(ok bool) signal {
	if ok {
		return keepWriting
	}
	return full
}

// write is Write and WriteString. Its common case, a small write into spare
// capacity below the mark with a flusher running, is kept in one function:
// it copies rather than appends, which stores only the length (no pointer
// store, no write barrier), and count is inlined.
func write[S []byte | string](w *ByteWriter, p S) signal {
	w.mu.Lock()
	n, size := len(w.buf), len(p)
	if w.state == open && size <= cap(w.buf)-n {
		w.buf = w.buf[:n+size]
		copy(w.buf[n:], p)
		if w.count(size) {
			w.mu.Unlock()
			return keepWriting
		}
		return signalOf(w.acceptSlow(size))
	}
	if w.state != open {
		w.reject()
		return refused
	}
	w.buf = append(w.buf, p...)
	return signalOf(w.accept(size))
}

func (w *ByteWriter) take() (int, bool) {
	if len(w.buf) == 0 {
		return 0, false
	}
	w.out, w.buf = w.buf, w.out[:0]
	return len(w.out), true
}

func (w *ByteWriter) flush() (int, error) {
	n, err := w.dst.Write(w.out)
	n = min(max(n, 0), len(w.out))
	if err == nil && n < len(w.out) {
		err = io.ErrShortWrite
	}
	return n, err
}

func (w *ByteWriter) release() {
	// Keep the batch buffer for reuse unless a burst made it much larger
	// than the mark and than the batch, so memory returns to its steady
	// size; writes larger than the mark keep theirs.
	if cap(w.out) > keepLimit(w.hwm, len(w.out)) {
		w.out = nil
		return
	}
	w.out = w.out[:0]
}

func (w *ByteWriter) discard() int {
	n := len(w.buf)
	w.buf, w.out = nil, nil
	return n
}

// keepLimit is the largest batch buffer kept after a batch of n units.
func keepLimit(hwm, n int) int { return max(2*hwm+DefaultByteHighWaterMark, 2*n) }
