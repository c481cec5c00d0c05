// Package bp003 holds the loops that send on the sinks of package rtcstub,
// and sinks of its own: an interface and a struct that embeds one.
package bp003

import "rtcstub"

// Channel is an interface with the same surface.
type Channel interface { // want Channel:"buffered\\(BufferedAmount, OnBufferedAmountLow; Send\\)"
	Send([]byte) error
	BufferedAmount() uint64
	OnBufferedAmountLow(func())
}

// Peer embeds a data channel, so it is one too.
type Peer struct { // want Peer:"buffered\\(BufferedAmount, OnBufferedAmountLow; Send, SendText\\)"
	*rtcstub.DataChannel
	ID string
}
