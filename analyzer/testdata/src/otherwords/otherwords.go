// Package otherwords documents the keep-writing contract in other words
// than bpvet's phrase list. Each positive form is followed by guards that
// use the same form next to a negative word, a bounds or size word, or in
// another sense; none of those may be reported.
package otherwords

type Q struct{}

// Space.

// WriteSpace queues p and reports whether space remains.
func (q *Q) WriteSpace(p []byte) bool { return true } // want WriteSpace:"^signal\\(doc\\)"

// WriteSpaceAt reports whether space remains at offset off.
func (q *Q) WriteSpaceAt(off int, p []byte) bool { return true }

// WriteSpaceName reports whether the name is free in the key space.
func (q *Q) WriteSpaceName(n string) bool { return true }

// WriteSpaceClosed reports whether space remains. It also returns false
// once the queue is closed.
func (q *Q) WriteSpaceClosed(p []byte) bool { return true } // want WriteSpaceClosed:"^signal\\(doc\\)"

// Cap.

// WriteCap returns true while the queue is under its cap.
func (q *Q) WriteCap(p []byte) bool { return true } // want WriteCap:"^signal\\(doc\\)"

// WriteCapKey returns true while under its cap, unless the key already exists.
func (q *Q) WriteCapKey(k string) bool { return true } // want WriteCapKey:"nosignal\\(doc\\)"

// WriteCapIndex returns false if i is past the slice's cap.
func (q *Q) WriteCapIndex(i int) bool { return true }

// Capacity.

// WriteCapacity returns false once the buffer reaches its capacity.
func (q *Q) WriteCapacity(p []byte) bool { return true } // want WriteCapacity:"^signal\\(doc\\)"

// WriteCapacityEvict returns false if an entry was evicted to keep the cache within its capacity.
func (q *Q) WriteCapacityEvict(k string) bool { return true } // want WriteCapacityEvict:"nosignal\\(doc\\)"

// WriteCapacityOffset returns false if off is beyond the buffer's capacity.
func (q *Q) WriteCapacityOffset(off int) bool { return true }

// Limit.

// WriteLimit returns false when the queue reaches its limit.
func (q *Q) WriteLimit(p []byte) bool { return true } // want WriteLimit:"^signal\\(doc\\)"

// WriteLimitRow reports whether the row was stored successfully within the limit.
func (q *Q) WriteLimitRow(r []any) bool { return true } // want WriteLimitRow:"nosignal\\(doc\\)"

// WriteLimitFrame returns false if the frame is too large for the limit.
func (q *Q) WriteLimitFrame(f []byte) bool { return true }

// Fullness.

// WriteFull returns false once full.
func (q *Q) WriteFull(p []byte) bool { return true } // want WriteFull:"^signal\\(doc\\)"

// WriteFullMsg reports whether p was written in full.
func (q *Q) WriteFullMsg(p []byte) bool { return true }

// WriteFullValid returns false once full or when p is not valid.
func (q *Q) WriteFullValid(p []byte) bool { return true } // want WriteFullValid:"nosignal\\(doc\\)"

// Mark and threshold.

// WriteMark returns false above the mark.
func (q *Q) WriteMark(p []byte) bool { return true } // want WriteMark:"^signal\\(doc\\)"

// WriteThreshold reports whether the queued bytes stay below the threshold.
func (q *Q) WriteThreshold(p []byte) bool { return true } // want WriteThreshold:"^signal\\(doc\\)"

// WriteMarkFound reports whether the key was found before the mark.
func (q *Q) WriteMarkFound(k string) bool { return true } // want WriteMarkFound:"nosignal\\(doc\\)"

// Stop and wait.

// WriteStop returns false when the producer should stop and wait.
func (q *Q) WriteStop(p []byte) bool { return true } // want WriteStop:"^signal\\(doc\\)"

// WritePause: a false result means pause until the consumer catches up.
func (q *Q) WritePause(p []byte) bool { return true } // want WritePause:"^signal\\(doc\\)"

// WriteMore reports whether the caller may send more.
func (q *Q) WriteMore(p []byte) bool { return true } // want WriteMore:"^signal\\(doc\\)"

// WriteStopClosed returns false when the connection is closed; callers should stop.
func (q *Q) WriteStopClosed(p []byte) bool { return true } // want WriteStopClosed:"nosignal\\(doc\\)"

// WriteStopped returns false after Stop.
func (q *Q) WriteStopped(p []byte) bool { return true }

// WriteWaitCall returns false; call Wait then.
func (q *Q) WriteWaitCall(p []byte) bool { return true }

// WriteStopAfter returns false after stop is called.
func (q *Q) WriteStopAfter(p []byte) bool { return true }

// WriteWaitFail returns false if the send failed; wait and try to send more later.
func (q *Q) WriteWaitFail(p []byte) bool { return true } // want WriteWaitFail:"nosignal\\(doc\\)"

// WriteStopNoResult may stop the world; callers wait.
func (q *Q) WriteStopNoResult(p []byte) bool { return true }

func positives(q *Q, p []byte) {
	for range 3 {
		q.WriteSpace(p)       // want `its doc comment says “and reports whether space remains”`
		q.WriteSpaceClosed(p) // want `ignored in loop`
		q.WriteCap(p)         // want `its doc comment says “is under its cap”`
		q.WriteCapacity(p)    // want `its doc comment says “buffer reaches its capacity”`
		q.WriteLimit(p)       // want `its doc comment says “queue reaches its limit”`
		q.WriteFull(p)        // want `its doc comment says “returns false once full”`
		q.WriteMark(p)        // want `its doc comment says “false above the mark”`
		q.WriteThreshold(p)   // want `its doc comment says “stay below the threshold”`
		q.WriteStop(p)        // want `its doc comment says “the producer should stop and wait”`
		q.WritePause(p)       // want `its doc comment says “false result means pause until the”`
		q.WriteMore(p)        // want `its doc comment says “the caller may send more”`
	}
}

func guards(q *Q, p []byte) {
	for i := range 3 {
		q.WriteSpaceAt(i, p)
		q.WriteSpaceName("x")
		q.WriteCapKey("k")
		q.WriteCapIndex(i)
		q.WriteCapacityEvict("k")
		q.WriteCapacityOffset(i)
		q.WriteLimitRow(nil)
		q.WriteLimitFrame(p)
		q.WriteFullMsg(p)
		q.WriteFullValid(p)
		q.WriteMarkFound("k")
		q.WriteStopClosed(p)
		q.WriteStopped(p)
		q.WriteWaitCall(p)
		q.WriteStopAfter(p)
		q.WriteWaitFail(p)
		q.WriteStopNoResult(p)
	}
}
