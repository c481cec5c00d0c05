// Package typedoc states the write contract once, on the type, and says
// only what each method does on the method.
package typedoc

// Mailbox holds one subscriber's messages. Its Write methods return false
// once it is full; stop and wait for it to empty.
type Mailbox struct{}

// Write adds m.
func (b *Mailbox) Write(m string) bool { return true } // want Write:"^signal\\(doc\\)"

// WriteAll adds ms.
func (b *Mailbox) WriteAll(ms []string) bool { return true } // want WriteAll:"^signal\\(doc\\)"

// WriteAt says otherwise on the method, which wins: false means off is out
// of range.
func (b *Mailbox) WriteAt(off int, m string) bool { return true } // want WriteAt:"nosignal\\(doc\\)"

// Len is not a Write… method.
func (b *Mailbox) Len() bool { return true }

func deliver(b *Mailbox, ms []string) {
	for i, m := range ms {
		b.Write(m)      // want `result of \(\*typedoc\.Mailbox\)\.Write ignored in loop: Mailbox's doc comment mentions “is full”; stop when it returns false and wait for drain`
		b.WriteAll(ms)  // want `Mailbox's doc comment mentions “is full”`
		b.WriteAt(i, m) // its own doc says range
		b.Len()
	}
}

// Outbox is a peer's send queue. Write reports whether the queue is still
// under its cap; a caller that gets false should pause.
type Outbox interface {
	// Write queues f.
	Write(f []byte) bool // want Write:"^signal\\(doc\\)"
}

func flood(o Outbox, fs [][]byte) {
	for _, f := range fs {
		o.Write(f) // want `result of \(typedoc\.Outbox\)\.Write ignored in loop: Outbox's doc comment says “still under its cap”`
	}
}

// The guards: a type's doc describes much else.

// Pool drains its connections on Close. WriteRow reports whether the row
// was new.
type Pool struct{}

func (p *Pool) WriteRow(r []any) bool { return true }

// Cache holds entries up to its capacity and is full most of the time.
// WriteEntry reports whether the entry was new.
type Cache struct{}

func (c *Cache) WriteEntry(k string) bool { return true }

// Memory is a linear memory. Its Write methods return false when the
// offset is out of range.
type Memory struct{}

func (m *Memory) WriteByte(off uint32, v byte) bool { return true } // want WriteByte:"nosignal\\(doc\\)"

// Region is a linear memory. Its Write methods return false when the
// offset is past its capacity.
type Region struct{}

func (r *Region) WriteUint32(off, v uint32) bool { return true }

// Table stores rows. Write returns false when the row already exists.
type Table interface {
	Write(row []any) bool // want Write:"nosignal\\(doc\\)"
}

// Conn has a drain method; its doc's talk of errors does not undo that.
// WriteMsg returns false on a write error too.
type Conn struct{}

func (c *Conn) WriteMsg(m []byte) bool   { return true } // want WriteMsg:"^signal\\(structure\\)"
func (c *Conn) Drain() <-chan struct{}   { return nil }
func (c *Conn) WriteOther(m []byte) bool { return true } // want WriteOther:"^signal\\(structure\\)"

func guards(p *Pool, c *Cache, m *Memory, r *Region, t Table, rows [][]any) {
	for i, row := range rows {
		p.WriteRow(row)
		c.WriteEntry("k")
		m.WriteByte(uint32(i), 0)
		r.WriteUint32(uint32(i), 0)
		t.Write(row)
	}
}
