package runtime

import (
	"context"
	"fmt"
	"io"
)

// A BufferedChannel is a message channel that queues what it is sent and
// reports how much is still queued, as a WebRTC data channel does (the W3C
// bufferedAmount and bufferedamountlow): BufferedAmount returns the bytes
// sent but not yet delivered, and the function given to OnBufferedAmountLow
// is called when that amount falls from above the threshold set by
// SetBufferedAmountLowThreshold to at or below it. pion's
// *webrtc.DataChannel, *datachannel.DataChannel and *sctp.Stream satisfy it.
type BufferedChannel interface {
	BufferedAmount() uint64
	SetBufferedAmountLowThreshold(th uint64)
	OnBufferedAmountLow(f func())
}

// DefaultChannelHighWaterMark is the highWaterMark of [NewChannelWriter]:
// enough bytes to keep a data channel's transport busy between drains.
const DefaultChannelHighWaterMark = 1 << 20

// NewChannelWriter returns a [ByteWriter] that delivers to ch through send,
// in messages of at most maxMessage bytes, and that counts the bytes ch
// still holds in its length. send queues one message on ch: dc.Send for a
// *webrtc.DataChannel, or a function that calls Write for a
// *datachannel.DataChannel or an *sctp.Stream. maxMessage must not exceed
// the channel's maximum message size. The messages carry the written bytes
// in order, but their boundaries are not those of the Writes: the receiver
// reads them as one byte stream.
//
// The writer's highWaterMark (by default [DefaultChannelHighWaterMark],
// 1 MiB, or [WithHighWaterMark]) also bounds ch: the sink sends a message
// only while ch's buffered amount is below the mark, so ch holds at most the
// mark plus one message, and at the mark it waits until the amount falls to
// half the mark. A batch counts in the writer's length until all of it was
// sent and ch holds at most half the mark. So Write returns false while the
// written data waits in ch as well as in the writer's queue, and the drain
// fires once ch holds at most half the mark: everything written has left
// ch but that half, which keeps ch sending while the producer refills the
// queue. With a mark of 0, each message waits until ch is empty.
//
// End waits for ch's buffered amount to fall to 0 before it closes ch (when
// ch is an io.Closer, unless [WithKeepOpen] is given) and returns. A send
// error errors the writer with a [DeliveryError], as any sink error does;
// ch is then closed (unless [WithKeepOpen]) without waiting.
//
// A channel that closes, or stops delivering, while it holds data never
// falls to the threshold. So every wait for ch also ends when ctx is done,
// with context.Cause(ctx) as the sink's error: the writer fails with a
// DeliveryError, or End returns that error if it was waiting for ch to
// empty. Tie ctx to the channel's life, for example cancel it when the
// channel or its connection closes.
//
// NewChannelWriter sets ch's low threshold (half the mark, 0 during End)
// and takes over its low-threshold listener: do not set either while the
// writer is in use.
// The listener only signals the writer, so it returns at once; the writer
// starts no goroutine of its own besides a ByteWriter's flusher.
// NewChannelWriter panics if maxMessage <= 0, and on the options
// [NewByteWriter] panics on.
func NewChannelWriter(ctx context.Context, ch BufferedChannel, send func([]byte) error, maxMessage int, opts ...Option) *ByteWriter {
	if maxMessage <= 0 {
		panic(fmt.Sprintf("runtime: NewChannelWriter: maxMessage %d must be > 0", maxMessage))
	}
	o := buildOptions(DefaultChannelHighWaterMark, opts)
	if o.size != nil {
		panic(fmt.Sprintf("runtime: WithSize for %T used with NewChannelWriter, which counts bytes", o.size))
	}
	s := &channelSink{ctx: ctx, ch: ch, send: send, max: maxMessage, mark: uint64(o.hwm), lowCh: make(chan struct{}, 1)}
	s.low = s.mark / 2
	if c, ok := ch.(io.Closer); ok && !o.keepOpen {
		s.closer = c
	}
	ch.SetBufferedAmountLowThreshold(s.low)
	ch.OnBufferedAmountLow(s.signal)
	// The sink's Close waits for ch to empty, so End must always call it;
	// whether ch itself is closed is the sink's decision.
	o.keepOpen = false
	w := &ByteWriter{dst: s}
	w.init(w, s, "bytes", o)
	return w
}

// channelSink is a channel writer's sink. Its Write runs on the goroutine
// that holds the writer's delivery role, one call at a time, and Close
// after the last Write.
type channelSink struct {
	ctx    context.Context
	ch     BufferedChannel
	send   func([]byte) error
	closer io.Closer // nil to leave ch open
	max    int       // bytes per message
	mark   uint64    // ch holds at most this plus one message
	low    uint64    // ch's low threshold while the writer is open
	lowCh  chan struct{}
	failed bool // a Write returned an error or panicked
}

// signal is ch's low-threshold listener. It never blocks: a pending signal
// already wakes the next wait, which then reads the amount itself.
func (s *channelSink) signal() {
	select {
	case s.lowCh <- struct{}{}:
	default:
	}
}

// waitLow waits until ch's buffered amount is at or below the low
// threshold. The threshold was set before the amount rose above it, so the
// fall fires the listener, whether before or after the signal is awaited.
// A signal left from an earlier fall only costs a second look.
func (s *channelSink) waitLow() error {
	for s.ch.BufferedAmount() > s.low {
		select {
		case <-s.lowCh:
		case <-s.ctx.Done():
			return context.Cause(s.ctx)
		}
	}
	return nil
}

func (s *channelSink) Write(p []byte) (int, error) {
	s.failed = true // until Write returns normally, not by a panic
	n := 0
	for n < len(p) {
		if s.ch.BufferedAmount() >= s.mark {
			if err := s.waitLow(); err != nil {
				return n, err
			}
		}
		m := min(len(p)-n, s.max)
		if err := s.send(p[n : n+m]); err != nil {
			return n, err
		}
		n += m
	}
	if err := s.waitLow(); err != nil {
		return n, err
	}
	s.failed = false
	return n, nil
}

// Close waits for ch to empty and closes it, unless the writer failed:
// then ch may never empty, and its data is reported lost anyway.
func (s *channelSink) Close() error {
	if !s.failed {
		s.low = 0
		s.ch.SetBufferedAmountLowThreshold(0)
		if err := s.waitLow(); err != nil {
			if s.closer != nil {
				s.closer.Close()
			}
			return err
		}
	}
	if s.closer != nil {
		return s.closer.Close()
	}
	return nil
}
