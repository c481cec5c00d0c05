// Write…() bool results that are not backpressure: each is called in a
// loop with its result dropped, and none may be reported.
package evidence

// Memory is a linear memory with bounds-checked access.
type Memory interface {
	// WriteByte writes v at offset, or returns false if the offset is out
	// of range.
	WriteByte(offset uint32, v byte) bool // want WriteByte:"nosignal\\(doc\\)"
	// WriteUint32Le writes v at offset in little-endian order.
	WriteUint32Le(offset, v uint32) bool
	Size() uint32
}

func interpret(m Memory, code []byte) {
	for i, b := range code {
		m.WriteByte(uint32(i), b)
		m.WriteUint32Le(uint32(i), uint32(b))
	}
}

// Queue is a lock-free queue; Write's result has the opposite polarity.
type Queue[T any] struct{}

func (q *Queue[T]) Write(value T) (queueClosedForWrites bool) { return false } // want Write:"nosignal\\(result\\)"
func (q *Queue[T]) Read() (T, bool)                           { var z T; return z, false }

// Drain empties the queue: it waits for nothing.
func (q *Queue[T]) Drain() []T { return nil }

func produce(q *Queue[int]) {
	for i := range 100 {
		q.Write(i)
	}
}

// Channel has a drain wait, but its Write result still names its meaning.
type Channel struct{}

func (c *Channel) Write(v int) (closed bool) { return false } // want Write:"nosignal\\(result\\)"
func (c *Channel) Drained() <-chan struct{}  { return nil }

// WriteAt writes v at off; false means off is out of bounds.
func (c *Channel) WriteAt(off int, v byte) bool { return true } // want WriteAt:"nosignal\\(doc\\)"

func fill(c *Channel) {
	for i := range 10 {
		c.Write(i)
		c.WriteAt(i, 0)
	}
}

// Table is an ORM table.
type Table struct{}

// Write inserts a row and reports whether it was stored successfully.
func (t *Table) Write(values ...any) bool { return true } // want Write:"nosignal\\(doc\\)"

func insert(t *Table, rows [][]any) {
	for _, r := range rows {
		t.Write(r...)
	}
}

// Printer latches the first error; check Error once at the end.
type Printer struct{ err error }

// WriteStringln writes s and a newline. It returns true if no error
// happened so far.
func (p *Printer) WriteStringln(s string) bool { return p.err == nil } // want WriteStringln:"nosignal\\(doc\\)"
func (p *Printer) Error() error                { return p.err }

// WriteQuiet has no doc at all: no evidence either way.
func (p *Printer) WriteQuiet(s string) bool { return p.err == nil }

func print(p *Printer, lines []string) error {
	for _, l := range lines {
		p.WriteStringln(l)
		p.WriteQuiet(l)
	}
	return p.Error()
}

// Call is a mock expectation.
type Call struct{}

// Mock records expected calls, as testify's mock.Mock does.
type Mock struct{}

func (m *Mock) On(method string, args ...any) *Call { return nil }
func (m *Mock) AssertExpectations(t any) bool       { return true }

func expect(m *Mock) {
	m.On("Drain", 1)
	m.On("drain", "anything")
	m.On("drain", func() {})
}

// Commands is a command table.
type Commands struct{}

func (c *Commands) On(name string, run func()) {}

func register(c *Commands, drain func()) {
	c.On("drain", drain)
	for range 3 {
		c.On("drain", drain)
	}
}

// Conn drains on shutdown: Drain here waits for nothing a writer needs.
type Conn struct{}

func (c *Conn) Drain() error              { return nil }
func (c *Conn) WriteMsg(m []byte) bool    { return true }
func (c *Conn) DrainItems() <-chan []byte { return nil }
func (c *Conn) WriteOther(m []byte) bool  { return true }

func send(c *Conn, msgs [][]byte) {
	for _, m := range msgs {
		c.WriteMsg(m)
		c.WriteOther(m)
	}
}
