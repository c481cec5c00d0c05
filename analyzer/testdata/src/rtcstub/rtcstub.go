// Package rtcstub declares sinks in the shapes of WebRTC data channels, for
// package bp003 to send on.
package rtcstub

import "io"

// DataChannel has the W3C surface: Send never refuses and never blocks.
type DataChannel struct{} // want DataChannel:"buffered\\(BufferedAmount, OnBufferedAmountLow; Send, SendText\\)"

func (d *DataChannel) Send(data []byte) error                  { return nil }
func (d *DataChannel) SendText(s string) error                 { return nil }
func (d *DataChannel) BufferedAmount() uint64                  { return 0 }
func (d *DataChannel) BufferedAmountLowThreshold() uint64      { return 0 }
func (d *DataChannel) SetBufferedAmountLowThreshold(th uint64) {}
func (d *DataChannel) OnBufferedAmountLow(f func())            {}
func (d *DataChannel) OnMessage(f func(msg []byte))            {}
func (d *DataChannel) Label() string                           { return "" }
func (d *DataChannel) Close() error                            { return nil }

// fill is the sink's own code filling its queue: not reported.
func (d *DataChannel) fill(parts [][]byte) {
	for _, p := range parts {
		d.Send(p)
	}
}

// Stream is the lower layer's shape: Write and Read take the same slice.
type Stream struct{} // want Stream:"buffered\\(BufferedAmount, OnBufferedAmountLow; Write, WriteSCTP\\)"

func (s *Stream) Write(p []byte) (int, error)                 { return s.WriteSCTP(p, 51) }
func (s *Stream) WriteSCTP(p []byte, ppi uint32) (int, error) { return len(p), nil }
func (s *Stream) Read(p []byte) (int, error)                  { return 0, io.EOF }
func (s *Stream) BufferedAmount() uint64                      { return 0 }
func (s *Stream) SetBufferedAmountLowThreshold(th uint64)     {}
func (s *Stream) OnBufferedAmountLow(f func())                {}

// Buffered reports its buffered bytes but offers no way to hear them fall:
// not a sink.
type Buffered struct{}

func (b *Buffered) Write(p []byte) (int, error) { return len(p), nil }
func (b *Buffered) Buffered() int               { return 0 }
