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
