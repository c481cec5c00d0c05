package runtime

import (
	"errors"
	"fmt"
)

// ErrWriteAfterEnd is the error of a Write after End, like Node's
// ERR_STREAM_WRITE_AFTER_END.
var ErrWriteAfterEnd = errors.New("runtime: write after end")

// A DeliveryError is the error of a writer whose sink failed. It wraps the
// sink's error and says how much accepted data never reached the sink, in
// the writer's units (bytes, values, or [WithSize] units).
type DeliveryError struct {
	Err         error  // the sink's error; io.ErrShortWrite for a short write
	Delivered   int64  // units the sink accepted before the error
	Undelivered int64  // accepted units the sink never took
	Unit        string // what the counts count: "bytes", "values" or "units" (WithSize)
}

func (e *DeliveryError) Error() string {
	return fmt.Sprintf("runtime: sink failed after %d %s delivered, %d %s undelivered: %v",
		e.Delivered, e.Unit, e.Undelivered, e.Unit, e.Err)
}

func (e *DeliveryError) Unwrap() error { return e.Err }

// A PanicError is the sink error recorded, inside a [DeliveryError], when
// the sink panics.
type PanicError struct {
	Value any // the value passed to panic
}

func (e *PanicError) Error() string { return fmt.Sprintf("runtime: sink panicked: %v", e.Value) }

// A PartialError is what an object-mode sink returns when it delivered the
// first N values of its batch and then failed, so that the writer's
// [DeliveryError] counts exactly what was lost. Any other error counts the
// whole batch as undelivered.
type PartialError struct {
	N   int   // values of the batch delivered, 0 <= N <= len(batch)
	Err error // why the rest was not
}

func (e *PartialError) Error() string {
	return fmt.Sprintf("delivered %d values of the batch: %v", e.N, e.Err)
}

func (e *PartialError) Unwrap() error { return e.Err }
