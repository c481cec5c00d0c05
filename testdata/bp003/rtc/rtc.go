// Package rtc has a data channel in the W3C shape: Send queues without
// limit and reports what is still queued.
package rtc

type DataChannel struct{ queued uint64 }

func (d *DataChannel) Send(p []byte) error                     { d.queued += uint64(len(p)); return nil }
func (d *DataChannel) SendText(s string) error                 { d.queued += uint64(len(s)); return nil }
func (d *DataChannel) BufferedAmount() uint64                  { return d.queued }
func (d *DataChannel) SetBufferedAmountLowThreshold(th uint64) {}
func (d *DataChannel) OnBufferedAmountLow(f func())            {}

// WaitLow blocks while dc holds more than max bytes.
func WaitLow(dc *DataChannel, max uint64, low <-chan struct{}) {
	for dc.BufferedAmount() > max {
		<-low
	}
}
