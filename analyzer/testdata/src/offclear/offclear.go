// Package offclear is BP002's undo by Off("drain") with no listener,
// which removes every drain listener of the emitter.
package offclear

// An Emitter has no Once: a drain listener is removed by hand.
type Emitter struct{}

func (*Emitter) On(event string, fn func())      {}
func (*Emitter) Off(event string, fns ...func()) {}
func (*Emitter) Emit(event string)               {}

func cleared(e *Emitter, resume func()) {
	e.On("drain", resume)
	defer e.Off("drain")
}

func clearedLater(e *Emitter, resume func()) {
	e.On("drain", resume)
	e.Emit("data")
	e.Off("drain")
}

func otherEvent(e *Emitter, resume func()) {
	e.On("drain", resume) // want `keeps the drain listener registered`
	defer e.Off("data")
}

func otherEmitter(e, f *Emitter, resume func()) {
	e.On("drain", resume) // want `keeps the drain listener registered`
	defer f.Off("drain")
}
