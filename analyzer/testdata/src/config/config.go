package config

import "github.com/bpvet/bpvet/runtime"

type Conn struct{}

func (*Conn) send(b []byte) bool { return true }

func Offer(v int) bool { return true }

type Latch struct{}

// WriteOK records a sticky error; its result is not backpressure.
func (*Latch) WriteOK(b []byte) bool { return true }

func f(c *Conn, l *Latch, w *runtime.ByteWriter, p []byte) {
	for range 3 {
		c.send(p) // want `result of \(\*config\.Conn\)\.send ignored in loop`
		Offer(1)  // want `result of config\.Offer ignored in loop`
		l.WriteOK(p)
		w.Write(p) // want `ignored in loop`
		w.On(runtime.EventDrain, nil)
	}
}
