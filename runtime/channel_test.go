package runtime_test

import (
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bpvet/bpvet/runtime"
)

// fakeChannel is a BufferedChannel that holds what it is sent until
// release delivers it, and fires the low-threshold listener as pion does:
// when the amount falls from above the threshold to at or below it.
type fakeChannel struct {
	async bool // call the listener on a new goroutine, as pion/webrtc does

	mu       sync.Mutex
	pending  []byte // sent, not yet delivered
	got      []byte // delivered, in order
	sizes    []int  // message sizes, in order
	peak     uint64
	th       uint64
	onLow    func()
	sendErr  func(msg int) error // the error of the msg-th send, from 0
	closed   bool
	atClose  uint64 // the buffered amount when Close was called
	closeErr error
}

func (c *fakeChannel) BufferedAmount() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return uint64(len(c.pending))
}

func (c *fakeChannel) SetBufferedAmountLowThreshold(th uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.th = th
}

func (c *fakeChannel) OnBufferedAmountLow(f func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.onLow = f
}

func (c *fakeChannel) Send(p []byte) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return errors.New("fake: send on closed channel")
	}
	if c.sendErr != nil {
		if err := c.sendErr(len(c.sizes)); err != nil {
			return err
		}
	}
	c.pending = append(c.pending, p...)
	c.sizes = append(c.sizes, len(p))
	c.peak = max(c.peak, uint64(len(c.pending)))
	return nil
}

func (c *fakeChannel) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	c.atClose = uint64(len(c.pending))
	return c.closeErr
}

// release delivers up to n pending bytes and fires the listener if the
// amount crossed the threshold.
func (c *fakeChannel) release(n int) {
	c.mu.Lock()
	from := uint64(len(c.pending))
	n = min(n, len(c.pending))
	c.got = append(c.got, c.pending[:n]...)
	c.pending = c.pending[n:]
	to := uint64(len(c.pending))
	f := c.onLow
	fire := f != nil && from > c.th && to <= c.th
	c.mu.Unlock()
	switch {
	case !fire:
	case c.async:
		go f()
	default:
		f()
	}
}

// pace releases step bytes about every 20 µs until stop is called.
func (c *fakeChannel) pace(step int) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			select {
			case <-done:
				return
			default:
			}
			c.release(step)
			time.Sleep(20 * time.Microsecond)
		}
	})
	return func() { close(done); wg.Wait() }
}

// snapshot returns what the channel delivered and the sizes it was sent.
func (c *fakeChannel) snapshot() (got []byte, sizes []int, peak uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return bytes.Clone(c.got), append([]int(nil), c.sizes...), c.peak
}

func randomPayload(n int) []byte {
	p := make([]byte, n)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range p {
		p[i] = byte(r.Uint32())
	}
	return p
}

func TestChannelWriterDeliversInOrderWithinTheMark(t *testing.T) {
	for _, tc := range []struct {
		name  string
		async bool
		mark  int
	}{{"sync", false, 64 << 10}, {"async", true, 64 << 10}, {"mark 0", false, 0}} {
		t.Run(tc.name, func(t *testing.T) {
			const maxMessage = 5000
			async, mark := tc.async, uint64(tc.mark)
			ch := &fakeChannel{async: async}
			stop := ch.pace(8 << 10)
			defer stop()
			w := runtime.NewChannelWriter(context.Background(), ch, ch.Send, maxMessage, runtime.WithHighWaterMark(tc.mark))
			payload := randomPayload(1 << 20)
			ctx := context.Background()
			r := rand.New(rand.NewPCG(3, 4))
			for p := payload; len(p) > 0; {
				n := min(len(p), 1+r.IntN(20000))
				if !w.Write(p[:n]) {
					if err := w.WaitDrain(ctx); err != nil {
						t.Fatal(err)
					}
				}
				p = p[n:]
			}
			if err := w.End(); err != nil {
				t.Fatal(err)
			}
			got, sizes, peak := ch.snapshot()
			if !bytes.Equal(got, payload) {
				t.Fatalf("delivered %d bytes, not the %d written in order", len(got), len(payload))
			}
			full := 0
			for _, s := range sizes {
				if s > maxMessage || s == 0 {
					t.Fatalf("a message of %d bytes, want 1..%d", s, maxMessage)
				}
				if s == maxMessage {
					full++
				}
			}
			if full < len(payload)/maxMessage/2 {
				t.Errorf("%d of %d messages are full: batches are not split at maxMessage", full, len(sizes))
			}
			if peak > mark+maxMessage {
				t.Errorf("peak buffered amount %d > mark %d + one message %d", peak, mark, maxMessage)
			}
			if !ch.closed || ch.atClose != 0 {
				t.Errorf("closed %v with %d bytes buffered, want closed when empty", ch.closed, ch.atClose)
			}
		})
	}
}

// The bytes held by the channel count in the writer's length: Write
// returns false at the mark even when its own queue is nearly empty, and
// the drain waits until the channel has sent all but half the mark.
func TestChannelWriterCountsChannelBytes(t *testing.T) {
	const mark = 1000
	ch := &fakeChannel{}
	w := runtime.NewChannelWriter(context.Background(), ch, ch.Send, 300, runtime.WithHighWaterMark(mark))
	t.Cleanup(func() { // End waits for the channel to empty
		stop := ch.pace(1 << 10)
		defer stop()
		w.End()
	})
	if !w.Write(make([]byte, 700)) {
		t.Fatal("Write of 700 bytes under a mark of 1000 returned false")
	}
	waitFor(t, func() bool { return ch.BufferedAmount() == 700 })
	time.Sleep(5 * time.Millisecond) // a sink that returned early would have by now
	if n := w.WritableLength(); n != 700 {
		t.Fatalf("WritableLength = %d while the channel holds 700 bytes, want 700", n)
	}
	if w.Write(make([]byte, 300)) {
		t.Fatal("Write returned true at the mark, counting the channel's bytes")
	}
	drain := w.Drain()
	notYet := func(left uint64) {
		t.Helper()
		waitFor(t, func() bool { return ch.BufferedAmount() == left })
		select {
		case <-drain:
			t.Fatalf("drain fired while the channel holds %d bytes, over half the mark", left)
		case <-time.After(10 * time.Millisecond):
		}
	}
	ch.release(199)
	notYet(501)
	ch.release(1) // 500 left: the first batch is done, the second is sent
	notYet(800)
	ch.release(299)
	notYet(501)
	ch.release(1)
	select {
	case <-drain:
	case <-time.After(5 * time.Second):
		t.Fatal("no drain after the channel fell to half the mark")
	}
}

func TestChannelWriterSendError(t *testing.T) {
	boom := errors.New("boom")
	ch := &fakeChannel{sendErr: func(msg int) error {
		if msg == 3 {
			return boom
		}
		return nil
	}}
	// Nothing is released: End must not wait for a failed channel.
	w := runtime.NewChannelWriter(context.Background(), ch, ch.Send, 100, runtime.WithHighWaterMark(1<<10))
	w.Write(make([]byte, 1000))
	err := w.End()
	var de *runtime.DeliveryError
	if !errors.As(err, &de) || !errors.Is(err, boom) {
		t.Fatalf("End = %v, want a DeliveryError wrapping %v", err, boom)
	}
	if de.Delivered+de.Undelivered != 1000 || de.Delivered != 300 {
		t.Errorf("Delivered %d + Undelivered %d, want 300 + 700", de.Delivered, de.Undelivered)
	}
	// The writer closes its destination after End returns a sink error.
	waitFor(t, func() bool { ch.mu.Lock(); defer ch.mu.Unlock(); return ch.closed })
}

func TestChannelWriterEndWaitsForTheChannel(t *testing.T) {
	for _, keepOpen := range []bool{false, true} {
		ch := &fakeChannel{}
		var opts []runtime.Option
		if keepOpen {
			opts = append(opts, runtime.WithKeepOpen())
		}
		w := runtime.NewChannelWriter(context.Background(), ch, ch.Send, 1000, opts...)
		w.Write(make([]byte, 3000))
		waitFor(t, func() bool { return ch.BufferedAmount() == 3000 })
		ended := make(chan error)
		go func() { ended <- w.End() }()
		ch.release(2999)
		select {
		case err := <-ended:
			t.Fatalf("End returned %v with a byte still buffered", err)
		case <-time.After(10 * time.Millisecond):
		}
		ch.release(1)
		if err := <-ended; err != nil {
			t.Fatal(err)
		}
		ch.mu.Lock()
		closed, atClose := ch.closed, ch.atClose
		ch.mu.Unlock()
		if closed == keepOpen || atClose != 0 {
			t.Errorf("keepOpen %v: closed %v with %d bytes buffered", keepOpen, closed, atClose)
		}
	}
}

// A channel that stops delivering leaves no writer waiting once ctx is
// done: neither a delivery at the mark nor End's wait for the channel.
func TestChannelWriterContextEndsTheWaits(t *testing.T) {
	cause := errors.New("channel closed")
	t.Run("delivery", func(t *testing.T) {
		ctx, cancel := context.WithCancelCause(context.Background())
		ch := &fakeChannel{}
		w := runtime.NewChannelWriter(ctx, ch, ch.Send, 500, runtime.WithHighWaterMark(1000))
		w.Write(make([]byte, 3000))
		waitFor(t, func() bool { return ch.BufferedAmount() == 1000 })
		cancel(cause)
		err := w.End()
		var de *runtime.DeliveryError
		if !errors.As(err, &de) || !errors.Is(err, cause) || de.Delivered != 1000 || de.Undelivered != 2000 {
			t.Fatalf("End = %v, want a DeliveryError for 1000 bytes sent and 2000 not, wrapping %v", err, cause)
		}
	})
	t.Run("End", func(t *testing.T) {
		ctx, cancel := context.WithCancelCause(context.Background())
		ch := &fakeChannel{}
		w := runtime.NewChannelWriter(ctx, ch, ch.Send, 500)
		w.Write(make([]byte, 10))
		ended := make(chan error)
		go func() { ended <- w.End() }()
		select {
		case err := <-ended:
			t.Fatalf("End returned %v with the channel holding 10 bytes", err)
		case <-time.After(10 * time.Millisecond):
		}
		cancel(cause)
		if err := <-ended; !errors.Is(err, cause) {
			t.Fatalf("End = %v, want %v", err, cause)
		}
		if !ch.closed {
			t.Error("the channel was not closed")
		}
	})
}

func TestChannelWriterCloseError(t *testing.T) {
	ch := &fakeChannel{closeErr: errors.New("close failed")}
	w := runtime.NewChannelWriter(context.Background(), ch, ch.Send, 10)
	if err := w.End(); err == nil || err.Error() != "close failed" {
		t.Fatalf("End = %v, want the channel's Close error", err)
	}
}

func TestNewChannelWriterPanics(t *testing.T) {
	for _, tc := range []struct {
		name       string
		maxMessage int
		opts       []runtime.Option
		want       string
	}{
		{"zero maxMessage", 0, nil, "maxMessage 0 must be > 0"},
		{"negative maxMessage", -1, nil, "maxMessage -1 must be > 0"},
		{"negative mark", 10, []runtime.Option{runtime.WithHighWaterMark(-1)}, "highWaterMark must be >= 0"},
		{"WithSize", 10, []runtime.Option{runtime.WithSize(func(string) int { return 1 })}, "which counts bytes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				v := recover()
				if s, _ := v.(string); !strings.Contains(s, tc.want) {
					t.Fatalf("panic %v, want one containing %q", v, tc.want)
				}
			}()
			ch := &fakeChannel{}
			runtime.NewChannelWriter(context.Background(), ch, ch.Send, tc.maxMessage, tc.opts...)
		})
	}
}
