// Package needdrain is BP001's wait by drain state: a loop that consults
// the same writer's NeedDrain() handles backpressure by other means.
package needdrain

// A Conn buffers writes; Write returns false when the buffer is full.
type Conn struct{}

func (*Conn) Write(p []byte) bool { return true } // want Write:"^signal\\(structure\\)"

// NeedDrain reports whether a Write returned false and the buffer has not
// emptied since.
func (*Conn) NeedDrain() bool { return false }

func yield() {}

func pollsState(c *Conn, p []byte) {
	for range 3 {
		c.Write(p) // handled: the loop waits while c needs a drain
		for c.NeedDrain() {
			yield()
		}
	}
}

func pollsAnother(c, other *Conn, p []byte) {
	for range 3 {
		c.Write(p)              // want `result of \(\*needdrain\.Conn\)\.Write ignored in loop`
		for other.NeedDrain() { // another writer
			yield()
		}
	}
}
