package webrtc

import (
	"sync"
	"time"

	"github.com/pion/webrtc/v4"
)

// WatchBuffered samples dc's buffered amount every interval until the
// returned function is called, and that function returns the largest amount
// seen, the final one included. Sampling keeps the loops under test free of
// measurement: the naive loop must not read the amount.
func WatchBuffered(dc *webrtc.DataChannel, interval time.Duration) (stop func() uint64) {
	return WatchPeak(interval, dc.BufferedAmount)
}

// WatchPeak calls sample every interval until the returned function is
// called, and that function returns the largest value seen, a final sample
// included.
func WatchPeak(interval time.Duration, sample func() uint64) (stop func() uint64) {
	done := make(chan struct{})
	var (
		wg   sync.WaitGroup
		peak uint64
	)
	wg.Go(func() {
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			peak = max(peak, sample())
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	})
	return func() uint64 {
		close(done)
		wg.Wait()
		return max(peak, sample())
	}
}
