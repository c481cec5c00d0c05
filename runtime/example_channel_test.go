package runtime_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/bpvet/bpvet/runtime"
)

// instantChannel stands in for a data channel that delivers each message at
// once, so its buffered amount is always 0.
type instantChannel struct {
	got     strings.Builder
	largest int
}

func (c *instantChannel) BufferedAmount() uint64               { return 0 }
func (c *instantChannel) SetBufferedAmountLowThreshold(uint64) {}
func (c *instantChannel) OnBufferedAmountLow(func())           {}

func (c *instantChannel) Send(p []byte) error {
	c.got.Write(p)
	c.largest = max(c.largest, len(p))
	return nil
}

// A data channel behind a drain-aware writer. With pion, dc is a
// *webrtc.DataChannel and the call is
// runtime.NewChannelWriter(ctx, dc, dc.Send, 64<<10).
func ExampleNewChannelWriter() {
	ctx := context.Background()
	dc := &instantChannel{}
	w := runtime.NewChannelWriter(ctx, dc, dc.Send, 4)
	for _, line := range []string{"hello\n", "data channel\n"} {
		if !w.WriteString(line) {
			if err := w.WaitDrain(ctx); err != nil {
				fmt.Println("error:", err)
				return
			}
		}
	}
	if err := w.End(); err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Print(dc.got.String())
	fmt.Println("largest message:", dc.largest, "bytes")
	// Output:
	// hello
	// data channel
	// largest message: 4 bytes
}
