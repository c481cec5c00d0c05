package webrtc

import (
	"context"
	"errors"
	"io"

	"github.com/bpvet/bpvet/runtime"
	"github.com/pion/webrtc/v4"
)

// Chunk is the size of each read, and of each message the loops send.
const Chunk = 16 << 10

// SendNaive sends everything r yields over dc, a message per read, and
// never looks at dc's buffered amount. Send never blocks and never refuses
// data, so when r is faster than the network, dc queues the rest of the
// payload in memory. This is the bug bpvet's BP003 reports.
func SendNaive(dc *webrtc.DataChannel, r io.Reader) error {
	buf := make([]byte, Chunk)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			if err := dc.Send(buf[:n]); err != nil { // BP003 expected here
				return err
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// SendFlowControl is SendNaive with the flow control pion's examples
// teach: the low threshold is set and the low event registered once, and
// after each send the loop waits while dc holds more than limit bytes, until
// the amount falls to low. It returns ctx's cause if ctx is done first.
func SendFlowControl(ctx context.Context, dc *webrtc.DataChannel, r io.Reader, limit, low uint64) error {
	lowCh := make(chan struct{}, 1)
	dc.SetBufferedAmountLowThreshold(low)
	dc.OnBufferedAmountLow(func() {
		select {
		case lowCh <- struct{}{}:
		default:
		}
	})
	buf := make([]byte, Chunk)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			if err := dc.Send(buf[:n]); err != nil {
				return err
			}
			for dc.BufferedAmount() > limit {
				select {
				case <-lowCh:
				case <-ctx.Done():
					return context.Cause(ctx)
				}
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// SendWriter sends r over dc through [runtime.NewChannelWriter], in
// messages of at most maxMessage bytes, with the usual drain-aware loop:
// write until Write returns false, then wait for drain. The writer keeps
// dc open; it returns once dc has sent everything, or at ctx's cause.
func SendWriter(ctx context.Context, dc *webrtc.DataChannel, r io.Reader, maxMessage int, opts ...runtime.Option) error {
	w := runtime.NewChannelWriter(ctx, dc, dc.Send, maxMessage, append(opts, runtime.WithKeepOpen())...)
	buf := make([]byte, Chunk)
	for {
		n, err := r.Read(buf)
		if n > 0 && !w.Write(buf[:n]) {
			if werr := w.WaitDrain(ctx); werr != nil {
				w.End() // ends at once: the writer failed, or ctx ended its waits
				return werr
			}
		}
		if err == io.EOF {
			return w.End()
		}
		if err != nil {
			return errors.Join(err, w.End())
		}
	}
}
