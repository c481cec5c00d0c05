// Package relay sends a reader's bytes over a data channel.
package relay

import (
	"io"

	"example.com/bp003/rtc"
)

func Naive(dc *rtc.DataChannel, r io.Reader) error {
	buf := make([]byte, 16<<10)
	for {
		n, err := r.Read(buf)
		if err != nil {
			return err
		}
		dc.Send(buf[:n]) // finding: BP003 loop
	}
}

// Checked waits through rtc.WaitLow, which another package declares.
func Checked(dc *rtc.DataChannel, r io.Reader, low <-chan struct{}) error {
	buf := make([]byte, 16<<10)
	for {
		n, err := r.Read(buf)
		if err != nil {
			return err
		}
		dc.Send(buf[:n])
		rtc.WaitLow(dc, 1<<20, low)
	}
}

func Quiet(dc *rtc.DataChannel, in <-chan []byte) {
	for m := range in {
		//bpvet:ignore BP003 the producer is paced upstream
		dc.Send(m)
	}
}

// Conn makes a data channel an io.Writer.
type Conn struct{ DC *rtc.DataChannel }

func (c Conn) Write(p []byte) (int, error) {
	return len(p), c.DC.SendText(string(p)) // finding: BP003 adapter
}
