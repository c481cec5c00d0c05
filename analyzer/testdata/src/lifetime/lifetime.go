// Package lifetime holds drain registrations whose lifetime the code
// manages, next to the ones that pile up.
package lifetime

import "sync/atomic"

// emitter is a Node-style event emitter with Once.
type emitter struct{}

func (*emitter) On(event string, fn func())   {}
func (*emitter) Once(event string, fn func()) {}
func (*emitter) Emit(event string)            {}
func (*emitter) Write(p []byte) bool          { return true } // want Write:"^signal\\(structure\\)"

// transport is an emitter whose users clear all its listeners when they
// replace it, as an engine.io client does.
type transport struct{}

func (*transport) On(event string, fn func())   {}
func (*transport) Once(event string, fn func()) {}
func (*transport) Emit(event string)            {}
func (*transport) Clear()                       {}

type socket struct {
	t   *transport
	buf [][]byte
}

func (s *socket) flush() {}

// setTransport registers a handler that must run at every drain for as
// long as the transport is in use; Clear removes it with the rest.
func (s *socket) setTransport(t *transport) {
	if s.t != nil {
		s.t.Clear()
	}
	s.t = t
	t.On("drain", func() { s.flush() })
}

// observe records every drain in ways that cannot block the emitter: a
// counter, an atomic, a send that gives up when nobody receives, a send on
// a channel this function made with room for the drains it expects.
func observe(e *emitter, drained chan<- struct{}, count *int, n *atomic.Int64) {
	e.On("drain", func() { *count++; _ = len(drained) })
	e.On("drain", func() { n.Add(1) })
	e.On("drain", func() {
		select {
		case drained <- struct{}{}:
		default:
		}
	})
	seen := make(chan struct{}, 2)
	e.On("drain", func() { seen <- struct{}{} })
	<-seen
}

// observeBlocking records by a send that blocks the emitting goroutine at
// a later drain once nobody receives: on a channel of unknown capacity, an
// unbuffered one, or in a select without a default.
func observeBlocking(e *emitter, drained chan<- struct{}) {
	e.On("drain", func() { drained <- struct{}{} }) // want `\(\*lifetime\.emitter\)\.On keeps the drain listener registered after the first drain, and its channel send blocks the emitting goroutine at a later drain once nobody receives: register it with Once`
	once := make(chan struct{})
	e.On("drain", func() { once <- struct{}{} }) // want `its channel send blocks the emitting goroutine`
	var zero = 0
	sized := make(chan struct{}, zero)
	e.On("drain", func() { sized <- struct{}{} }) // want `its channel send blocks`
	unbuffered := make(chan struct{}, 0)
	e.On("drain", func() { unbuffered <- struct{}{} }) // want `its channel send blocks`
	e.On("drain", func() {                             // want `its channel send blocks`
		select {
		case drained <- struct{}{}:
		}
	})
	<-once
	<-sized
	<-unbuffered
}

// placeholder registers a listener that does nothing: not a recorder.
func placeholder(e *emitter) {
	e.On("drain", func() {}) // want `keeps the drain listener registered after the first drain: register it with Once`
}

// closeOnDrain closes a channel at the first drain; a second drain would
// close it again and panic.
func closeOnDrain(e *emitter, done chan struct{}) {
	e.On("drain", func() { close(done) }) // want `keeps the drain listener registered after the first drain: register it with Once`
}

// observeInLoop records drains too, but registers one more recorder on the
// same emitter at every iteration.
func observeInLoop(e *emitter, drained chan struct{}) {
	for range 3 {
		e.On("drain", func() { drained <- struct{}{} }) // want `\(\*lifetime\.emitter\)\.On keeps the drain listener registered after the first drain, and adds another at every loop iteration`
	}
}

// resume is a persistent resumer registered once: reported, since it runs
// again at every later drain.
func resume(e *emitter, next func()) {
	e.On("drain", func() { next() }) // want `keeps the drain listener registered after the first drain: register it with Once`
}

func run(name string, f func()) { f() }

// subtests builds a new emitter in each iteration and each callback: the
// listeners never share an emitter, so nothing piles up.
func subtests(next func()) {
	drained := make(chan struct{}, 4)
	for _, name := range []string{"a", "b"} {
		run(name, func() {
			e := &emitter{}
			e.On("drain", func() { next() }) // want `keeps the drain listener registered after the first drain: register it`
		})
	}
	for range 2 {
		e := &emitter{}
		e.On("drain", func() { drained <- struct{}{} }) // a new emitter each time, and a recorder
	}
	for _, e := range []*emitter{{}, {}} {
		e.On("drain", func() { drained <- struct{}{} })
	}
	for e := (&emitter{}); ; {
		e.On("drain", func() { drained <- struct{}{} }) // want `adds another at every loop iteration`
	}
}

// shared registers on one emitter from a callback that may run many times.
func shared(e *emitter, drained chan struct{}) {
	run("x", func() {
		e.On("drain", func() { drained <- struct{}{} }) // want `adds another each time the enclosing callback runs`
	})
}

type producer struct {
	e    *emitter
	i, n int
}

// write is the explainer's loop with On where once belongs: every drain
// runs write, which registers write again.
func (p *producer) write() {
	for p.i < p.n {
		p.i++
		if !p.e.Write(nil) {
			break
		}
	}
	if p.i < p.n {
		p.e.On("drain", p.write) // want `\(\*lifetime\.emitter\)\.On keeps the drain listener registered after the first drain, and adds another at every drain, since the listener registers itself again`
	}
}

func writeAll(e *emitter, n int) {
	i := 0
	var write func()
	write = func() {
		for ; i < n; i++ {
			if !e.Write(nil) {
				break
			}
		}
		if i < n {
			e.On("drain", write) // want `registers itself again`
		}
	}
	write()
}
