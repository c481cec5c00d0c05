package webrtc_test

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/bpvet/bpvet/examples/webrtc"
	"github.com/bpvet/bpvet/runtime"
	"go.uber.org/goleak"
)

const payloadSize = 4 << 20

// way is one way to send the payload, and the most the channel may hold
// with it (0: no bound).
type way struct {
	name  string
	send  func(ctx context.Context, l *webrtc.Link, r io.Reader) error
	bound uint64
}

const maxMessage = 64 << 10

var ways = []way{
	{"naive", func(_ context.Context, l *webrtc.Link, r io.Reader) error {
		return webrtc.SendNaive(l.Channel, r)
	}, 0},
	{"flow control", func(ctx context.Context, l *webrtc.Link, r io.Reader) error {
		return webrtc.SendFlowControl(ctx, l.Channel, r, 1<<20, 512<<10)
	}, 1<<20 + webrtc.Chunk},
	{"writer", func(ctx context.Context, l *webrtc.Link, r io.Reader) error {
		return webrtc.SendWriter(ctx, l.Channel, r, maxMessage)
	}, runtime.DefaultChannelHighWaterMark + maxMessage},
}

func TestWaysDeliverThePayload(t *testing.T) {
	for i, w := range ways {
		t.Run(w.name, func(t *testing.T) {
			defer goleak.VerifyNone(t)
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			seed := uint64(i + 1)
			l, err := webrtc.Connect(ctx, seed)
			if err != nil {
				t.Fatal(err)
			}
			defer l.Close()
			stop := webrtc.WatchBuffered(l.Channel, 100*time.Microsecond)
			err = w.send(ctx, l, webrtc.Payload(seed, payloadSize))
			got, werr := l.Receiver.Wait(ctx, payloadSize)
			peak := stop()
			if err != nil {
				t.Fatalf("send: %v", err)
			}
			if werr != nil {
				t.Fatal(werr)
			}
			sum, n, _ := webrtc.Checksum(webrtc.Payload(seed, payloadSize))
			if got.Bytes != n || got.CRC32C != sum {
				t.Fatalf("received %d bytes with CRC-32C %08x, want %d with %08x", got.Bytes, got.CRC32C, n, sum)
			}
			t.Logf("%d messages, peak buffered amount %d", got.Messages, peak)
			if w.bound != 0 && peak > w.bound {
				t.Errorf("peak buffered amount %d > %d", peak, w.bound)
			}
		})
	}
}
