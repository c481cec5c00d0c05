package lib

import "github.com/bpvet/bpvet/runtime"

type Conn struct{ w *runtime.ByteWriter }

// Send queues m and says whether to keep sending.
//
//bpvet:signal
func (c *Conn) Send(m string) bool { return true } // want Send:"^signal\\(directive\\)"

// Offer is declared before the wrapper it calls.
func (c *Conn) Offer(m string) bool { return c.Relay(m) } // want Offer:"^signal\\(wrapper\\)"

func (c *Conn) Relay(m string) bool { // want Relay:"^signal\\(wrapper\\)"
	if c.w == nil {
		return false
	}
	return (c.w.WriteString(m))
}

func Enqueue(c *Conn, m string) bool { // want Enqueue:"^signal\\(wrapper\\)"
	ok := c.Send(m)
	return ok
}

func Closed(c *Conn) bool { return c.w == nil }

func later(c *Conn) bool { return c.w.Write(nil) } // want later:"^signal\\(wrapper\\)"

// The directive needs a bool result.
//
//bpvet:signal
func (c *Conn) Close() error { return nil }

type Queue interface {
	//bpvet:signal
	Put(v int) bool // want Put:"^signal\\(directive\\)"
	Len() int
}

// A literal's return does not make the enclosing function a wrapper.
func Starter(c *Conn) bool {
	f := func() bool { return c.Send("x") }
	_ = f
	return true
}

type Sink[T any] struct{ w *runtime.Writer[T] }

func (s *Sink[T]) Push(v T) bool { return s.w.Write(v) } // want Push:"^signal\\(wrapper\\)"

// Memory is bounds-checked.
type Memory interface {
	// WriteByte returns false if offset is out of range.
	WriteByte(offset uint32, v byte) bool // want WriteByte:"nosignal\\(doc\\)"
}

// Chunks says nothing about its result.
type Chunks interface {
	WriteChunk(c []byte) bool
}

// Pipe emits "drain", which makes Pipe's On a drain event.
type Pipe struct{}

func (p *Pipe) On(event string, fn func()) {}
func (p *Pipe) Write(c []byte) bool        { return true } // want Write:"^signal\\(structure\\)"

func (p *Pipe) flush()            { p.emit("drain") }
func (p *Pipe) emit(event string) {}
