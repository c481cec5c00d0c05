package bp002

import "github.com/bpvet/bpvet/runtime"

type node struct{}

func (*node) On(event string, fn func())                  {}
func (*node) Once(event string, fn func())                {}
func (*node) AddListener(event string, fn func())         {}
func (*node) PrependListener(event string, fn func())     {}
func (*node) PrependOnceListener(event string, fn func()) {}
func (*node) Off(event string, fn func())                 {}
func (*node) RemoveListener(event string, fn func())      {}

type noOnce struct{}

func (noOnce) On(event string, fn func()) {}

type otherSig struct{}

func (otherSig) On(event string, fn func())        {}
func (otherSig) Once(event string, fn func()) bool { return true }

type typed struct{}

func (*typed) OnDrain(fn func())   {}
func (*typed) OnceDrain(fn func()) {}

type typedNoOnce struct{}

func (*typedNoOnce) OnDrain(fn func()) {}

const drain = "drain"

func cases(w *runtime.ByteWriter, o *runtime.Writer[int], n *node, t *typed, u *typedNoOnce, next func()) {
	w.On(runtime.EventDrain, next)   // want `\(\*runtime\.ByteWriter\)\.On keeps the drain listener registered after the first drain: register it with Once, or remove it explicitly`
	o.On(runtime.EventDrain, next)   // want `keeps the drain listener registered`
	n.On("drain", next)              // want `keeps the drain listener registered`
	n.On(drain, next)                // want `keeps the drain listener registered`
	n.AddListener("drain", next)     // want `\(\*bp002\.node\)\.AddListener keeps the drain listener registered after the first drain: register it with Once`
	n.PrependListener("drain", next) // want `register it with PrependOnceListener`
	t.OnDrain(next)                  // want `\(\*bp002\.typed\)\.OnDrain keeps the drain listener registered after the first drain: register it with OnceDrain`
	w.On(runtime.EventError, next)
	w.Once(runtime.EventDrain, next)
	n.On("Drain", next)
	n.On("data", next)
	noOnce{}.On("drain", next)
	otherSig{}.On("drain", next)
	u.OnDrain(next)
	e := "drain"
	n.On(e, next)
}

func relay(n *node, h func()) {
	n.On("drain", h)
	defer n.Off("drain", h)
}

func relayRemove(n *node, h func()) {
	n.On("drain", h)
	n.RemoveListener(drain, h)
}

func otherHandlerRemoved(n *node, h, g func()) {
	n.On("drain", h) // want `keeps the drain listener registered`
	n.Off("drain", g)
}

type resumer struct{}

func (*resumer) resume() {}

func methodValue(n *node, r *resumer) {
	n.On("drain", r.resume)
	n.Off("drain", r.resume)
}

func relayID(w *runtime.ByteWriter, h func()) {
	id := w.On(runtime.EventDrain, h)
	defer w.Off(id)
}

type holder struct{ id runtime.ListenerID }

func storedID(w *runtime.ByteWriter, h func(), s *holder) {
	s.id = w.On(runtime.EventDrain, h)
}

func discardedID(w *runtime.ByteWriter, h func()) {
	_ = w.On(runtime.EventDrain, h) // want `keeps the drain listener registered`
}

func selfRemoving(n *node) {
	var h func()
	h = func() { n.Off("drain", h) }
	n.On("drain", h) // want `keeps the drain listener registered`
}

func selfRemovingID(w *runtime.ByteWriter) {
	var id runtime.ListenerID
	id = w.On(runtime.EventDrain, func() { w.Off(id) }) // want `keeps the drain listener registered`
}
