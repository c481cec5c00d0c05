package directives

import "github.com/bpvet/bpvet/runtime"

// //bpvet:ignore BP002 silences a real BP002 finding, on its line or the
// next, and a directive for another rule does not.
func listeners(w *runtime.ByteWriter, next func()) {
	w.On(runtime.EventDrain, next) //bpvet:ignore BP002 the writer lives as long as the process

	//bpvet:ignore BP002 the line above
	w.On(runtime.EventDrain, next)

	w.On(runtime.EventDrain, next) //bpvet:ignore BP001 wrong rule // want `keeps the drain listener registered`
}
