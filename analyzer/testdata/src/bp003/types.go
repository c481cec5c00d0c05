// Package bp003 holds stubs in the shapes of WebRTC data channels, and the
// loops that send on them.
package bp003

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

// Stream is the lower layer's shape: Write and Read take the same slice.
type Stream struct{} // want Stream:"buffered\\(BufferedAmount, OnBufferedAmountLow; Write, WriteSCTP\\)"

func (s *Stream) Write(p []byte) (int, error)                 { return s.WriteSCTP(p, 51) }
func (s *Stream) WriteSCTP(p []byte, ppi uint32) (int, error) { return len(p), nil }
func (s *Stream) Read(p []byte) (int, error)                  { return 0, io.EOF }
func (s *Stream) BufferedAmount() uint64                      { return 0 }
func (s *Stream) SetBufferedAmountLowThreshold(th uint64)     {}
func (s *Stream) OnBufferedAmountLow(f func())                {}

// Channel is an interface with the same surface.
type Channel interface { // want Channel:"buffered\\(BufferedAmount, OnBufferedAmountLow; Send\\)"
	Send([]byte) error
	BufferedAmount() uint64
	OnBufferedAmountLow(func())
}

// Peer embeds a data channel, so it is one too.
type Peer struct { // want Peer:"buffered\\(BufferedAmount, OnBufferedAmountLow; Send, SendText\\)"
	*DataChannel
	ID string
}

// Buffered reports its buffered bytes but offers no way to hear them fall:
// not a sink.
type Buffered struct{}

func (b *Buffered) Write(p []byte) (int, error) { return len(p), nil }
func (b *Buffered) Buffered() int               { return 0 }
