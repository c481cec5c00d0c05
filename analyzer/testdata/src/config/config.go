package config

import "github.com/bpvet/bpvet/runtime"

type Conn struct{}

func (*Conn) send(b []byte) bool { return true }

func Offer(v int) bool { return true }

// Latch has a drain method, so WriteOK would be a signal but for -exclude.
type Latch struct{}

func (*Latch) WriteOK(b []byte) bool   { return true } // want WriteOK:"^signal\\(structure\\)"
func (*Latch) Drain() <-chan struct{}  { return nil }
func (*Latch) WriteAlso(b []byte) bool { return true } // want WriteAlso:"^signal\\(structure\\)"

func f(c *Conn, l *Latch, w *runtime.ByteWriter, p []byte) {
	for range 3 {
		c.send(p) // want `result of \(\*config\.Conn\)\.send ignored in loop`
		Offer(1)  // want `result of config\.Offer ignored in loop`
		l.WriteOK(p)
		l.WriteAlso(p) // want `Latch reports backpressure`
		w.Write(p)     // want `ignored in loop`
		w.On(runtime.EventDrain, nil)
	}
}
