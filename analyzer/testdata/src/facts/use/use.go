package use

import "facts/lib"

func loops(c *lib.Conn, q lib.Queue, s *lib.Stream, k *lib.Sink[string], msgs []string) {
	for _, m := range msgs {
		c.Send(m)         // want `result of \(\*lib\.Conn\)\.Send ignored in loop`
		c.Offer(m)        // want `result of \(\*lib\.Conn\)\.Offer ignored in loop`
		c.Relay(m)        // want `ignored in loop`
		lib.Enqueue(c, m) // want `result of lib\.Enqueue ignored in loop`
		q.Put(1)          // want `result of \(lib\.Queue\)\.Put ignored in loop`
		s.Emit(1)         // want `result of \(\*lib\.Stream\)\.Emit ignored in loop`
		k.Push(m)         // want `result of \(\*lib\.Sink\[T\]\)\.Push ignored in loop`
		lib.Closed(c)
		lib.Starter(c)
		c.Close()
	}
}

// drainMemory adds a drain wait, but WriteByte's own doc says it is a
// bounds check: the declaration wins.
type drainMemory interface {
	lib.Memory
	Drain() <-chan struct{}
}

// socket adds a drain listener to a type that said nothing.
type socket interface {
	lib.Chunks
	OnDrain(func())
}

func embedded(m drainMemory, s socket, p *lib.Pipe, cs [][]byte) {
	for i, c := range cs {
		m.WriteByte(uint32(i), 0)
		s.WriteChunk(c) // want `result of \(lib\.Chunks\)\.WriteChunk ignored in loop: socket reports backpressure \(it has OnDrain\)`
		p.Write(c)      // want `result of \(\*lib\.Pipe\)\.Write ignored in loop: Pipe reports backpressure \(it has On and the package uses "drain"\)`
	}
}
