// Package emittervalue undoes drain registrations on the same emitter
// value, or on another: only the first counts.
package emittervalue

import "sync/atomic"

type emitter struct{}

func (*emitter) On(event string, fn func())          {}
func (*emitter) Once(event string, fn func())        {}
func (*emitter) Emit(event string)                   {}
func (*emitter) Off(event string, fn func())         {}
func (*emitter) RemoveAllListeners(events ...string) {}
func (*emitter) Clear()                              {}
func (*emitter) Close() error                        { return nil }
func (*emitter) Write(p []byte) bool                 { return true } // want Write:"^signal\\(structure\\)"
func work()                                          {}

// The same variable, later in the function, in a defer, or in a cleanup
// callback: silent.

func session(e *emitter, next func()) {
	e.On("drain", func() { next() })
	work()
	e.RemoveAllListeners("drain")
}

func deferred(e *emitter, next func()) {
	defer e.Clear()
	e.On("drain", func() { next() })
	work()
}

func onClose(e *emitter, next func()) {
	e.On("drain", func() { next() })
	e.On("close", func() { e.Clear() })
}

// closeFirst registers its cleanup callback before the drain listener: a
// callback runs later, wherever it is written.
func closeFirst(e *emitter, next func()) {
	e.On("close", func() { e.Clear() })
	e.On("drain", func() { next() })
}

type cleanups struct{ fns []func() }

func (c *cleanups) Push(f func()) { c.fns = append(c.fns, f) }

// relay removes the same listener from the same transport in a cleanup it
// queues, as the engine.io server does.
func relay(t *emitter, c *cleanups, next func()) {
	onDrain := func() { next() }
	t.On("drain", onDrain)
	c.Push(func() { t.Off("drain", onDrain) })
}

// Not the same value, or not an undo: reported.

// persistent never cleans up; another function clearing another emitter
// of the same type does not manage it.
func persistent(e *emitter, next func()) {
	e.On("drain", func() { next() }) // want `\(\*emittervalue\.emitter\)\.On keeps the drain listener registered after the first drain: register it with Once`
}

func reset(e *emitter) { e.RemoveAllListeners() }

// handRolledOnce removes all drain listeners when it runs: a hand-rolled
// Once, which the rule reports.
func handRolledOnce(e *emitter, next func()) {
	e.On("drain", func() { // want `keeps the drain listener registered after the first drain: register it with Once`
		e.RemoveAllListeners("drain")
		next()
	})
}

// clearedBefore clears earlier listeners, not this one.
func clearedBefore(e *emitter, next func()) {
	e.Clear()
	e.On("drain", func() { next() }) // want `keeps the drain listener registered`
}

// otherEmitter clears or removes from another emitter.
func otherEmitter(a, b *emitter, h func()) {
	a.On("drain", func() { h() }) // want `keeps the drain listener registered`
	b.Clear()
	a.On("drain", h) // want `keeps the drain listener registered`
	b.Off("drain", h)
}

// A struct field that holds the emitter, cleared where its value is
// replaced or closed: silent.

type owner struct {
	t   *emitter
	cur atomic.Pointer[emitter]
	u   *emitter
	v   *emitter
}

func (o *owner) flush() {}

// setTransport clears the old transport before it stores the new one.
func (o *owner) setTransport(t *emitter) {
	if o.t != nil {
		o.t.Clear()
	}
	o.t = t
	t.On("drain", func() { o.flush() })
}

// current is an accessor, as engine.io's client has.
func (o *owner) current() *emitter {
	if t := o.cur.Load(); t != nil {
		return t
	}
	return nil
}

// use stores the transport atomically and clears the old one through the
// accessor.
func (o *owner) use(t *emitter) {
	if old := o.current(); old != nil {
		old.Clear()
	}
	o.cur.Store(t)
	t.On("drain", func() { o.flush() })
}

func (o *owner) open(t *emitter) {
	o.u = t
	t.On("drain", func() { o.flush() })
}

// shutdown clears the transport it closes.
func (o *owner) shutdown() {
	o.u.Clear()
	o.u.Close()
}

// A field cleared where it is neither replaced nor closed, or a
// registration that repeats: reported.

func (o *owner) openV(t *emitter) {
	o.v = t
	t.On("drain", func() { o.flush() }) // want `keeps the drain listener registered after the first drain: register it with Once`
}

func (o *owner) mute() { o.v.Clear() }

func (o *owner) pump(chunks [][]byte) {
	for _, c := range chunks {
		if !o.t.Write(c) {
			o.t.On("drain", func() { o.flush() }) // want `adds another at every loop iteration`
		}
	}
}
