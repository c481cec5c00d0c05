// Under -signals=names a Write…() bool is a signal whatever its evidence.
package names

type sender interface {
	Write(p []byte) bool
}

func viaInterface(s sender, p []byte) {
	for range 3 {
		s.Write(p) // want `result of \(names\.sender\)\.Write ignored in loop: its name starts with Write \(-signals=names\); stop when it returns false and wait for drain`
	}
}

func typeParam[W interface{ Write([]byte) bool }](w W, p []byte) {
	for range 3 {
		w.Write(p) // want `result of \(W\)\.Write ignored in loop`
	}
}

type conn struct {
	WriteFrame func([]byte) bool
}

func field(c conn, p []byte) {
	for range 3 {
		c.WriteFrame(p) // want `result of c\.WriteFrame ignored in loop`
	}
}

type Memory interface {
	// WriteByte returns false if the offset is out of range.
	WriteByte(offset uint32, v byte) bool // want WriteByte:"nosignal\\(doc\\)"
	Drain() <-chan struct{}
}

func bounds(m Memory) {
	for i := range 3 {
		m.WriteByte(uint32(i), 0) // want `result of \(names\.Memory\)\.WriteByte ignored in loop: Memory reports backpressure \(it has Drain\)`
	}
}

type latch struct{}

func (latch) Writeable() bool { return true }
func (latch) write() bool     { return true }

func notNames(l latch) {
	for range 3 {
		l.Writeable()
		l.write()
	}
}
