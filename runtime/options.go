package runtime

import "fmt"

// Default highWaterMarks, as in Node.js.
const (
	DefaultByteHighWaterMark   = 64 * 1024 // bytes
	DefaultObjectHighWaterMark = 16        // values
)

// An Option configures a writer at construction. Each option says which
// constructors take it; the others panic on it, so that an option that
// would do nothing is not silently ignored.
type Option func(*options)

type options struct {
	hwm      int
	keepOpen bool
	size     any // func(T) int for Writer[T]
}

// WithHighWaterMark sets the length at which Write starts returning false.
// It counts bytes for a [ByteWriter] and values (or [WithSize] units) for a
// [Writer]. As in Node, 0 makes every non-empty Write return false, so each
// chunk is followed by a drain. A negative n makes the constructor panic.
func WithHighWaterMark(n int) Option {
	return func(o *options) { o.hwm = n }
}

// WithKeepOpen stops End (and an error) from closing a [ByteWriter]'s
// destination when it is an io.Closer. Use it for destinations the caller
// owns, such as os.Stdout. A [Writer] closes nothing, so [NewWriter] panics
// on it.
func WithKeepOpen() Option {
	return func(o *options) { o.keepOpen = true }
}

// WithSize makes a [Writer] count size(v) units per value instead of 1, for
// example the bytes of a message, so that the highWaterMark bounds memory.
// [NewWriter] panics on a WithSize for another element type, and
// [NewByteWriter], whose units are always bytes, panics on any.
func WithSize[T any](size func(v T) int) Option {
	return func(o *options) { o.size = size }
}

func buildOptions(defaultHWM int, opts []Option) options {
	o := options{hwm: defaultHWM}
	for _, opt := range opts {
		opt(&o)
	}
	if o.hwm < 0 {
		panic(fmt.Sprintf("runtime: WithHighWaterMark(%d): highWaterMark must be >= 0", o.hwm))
	}
	return o
}
