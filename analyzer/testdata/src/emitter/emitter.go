// A Go port of Node streams: the emitter interface has no Once.
package emitter

type Chunk []byte

type Listener func(args ...any)

// Writable is what Pipe writes to.
type Writable interface {
	On(event string, l Listener)
	Emit(event string, args ...any) bool
	Write(c Chunk) bool // want Write:"^signal\\(structure\\)"
	End()
}

// Readable is what Pipe reads from.
type Readable interface {
	On(event string, l Listener)
	RemoveListener(event string, l Listener)
	Pause()
	Resume()
}

// Pipe adds one more permanent drain listener after every false write.
func Pipe(src Readable, dest Writable) {
	resume := func(...any) { src.Resume() }
	src.On("data", func(args ...any) {
		c := args[0].(Chunk)
		if !dest.Write(c) {
			src.Pause()
			dest.On("drain", resume) // want `BP002: \(emitter\.Writable\)\.On keeps the drain listener registered after the first drain, and adds another at every "data" event: Writable has no Once, so make the listener act only once, or register it only once`
		}
	})
}

// PipeOld registers a persistent relay that is never removed.
func PipeOld(src Readable, dest Writable) {
	dest.On("drain", func(...any) { src.Resume() }) // want `\(emitter\.Writable\)\.On keeps the drain listener registered after the first drain: Writable has no Once`
	src.On("data", func(args ...any) {
		if !dest.Write(args[0].(Chunk)) {
			src.Pause()
		}
	})
}

// afterFalse registers in a plain function called per chunk.
func afterFalse(src Readable, dest Writable, c Chunk, resume Listener) {
	ok := dest.Write(c)
	if !ok {
		src.On("drain", resume) // want `\(emitter\.Readable\)\.On keeps the drain listener registered after the first drain, and adds another after every write that returns false: Readable has no Once, so remove the listener with RemoveListener when it runs`
	}
}

// relay removes its listener when the pipe ends: silent.
func relay(src Readable, dest Writable) {
	resume := Listener(func(...any) { src.Resume() })
	src.On("drain", resume)
	src.On("end", func(...any) { src.RemoveListener("drain", resume) })
}

// relayTooLate removes its listener outside the handler that keeps adding it.
func relayTooLate(src Readable, dest Writable, resume Listener) {
	src.On("data", func(args ...any) {
		if !dest.Write(args[0].(Chunk)) {
			src.On("drain", resume) // want `adds another at every "data" event`
		}
	})
	defer src.RemoveListener("drain", resume)
}

// inLoop removes each listener in the iteration that added it: silent.
func inLoop(src Readable, resume Listener) {
	for range 3 {
		src.On("drain", resume)
		src.RemoveListener("drain", resume)
	}
}

// Event emitters that report "drain" make their Write a signal.
func flood(dest Writable, cs []Chunk) {
	for _, c := range cs {
		dest.Write(c) // want `result of \(emitter\.Writable\)\.Write ignored in loop: Writable reports backpressure \(it has On and the package uses "drain"\); stop when it returns false and wait for drain`
	}
}

// notAListener passes something else than a function.
func notAListener(src Readable) {
	src.On("drain", nil)
}

// The emitter reaches Writer through embedded interfaces, and the
// destination is a field.
type Event struct{ Data Chunk }

type EventHandler func(Event)

type EventEmitter interface {
	On(string, EventHandler)
	Emit(string, interface{})
}

type Stream interface {
	EventEmitter
	Done() <-chan struct{}
}

type Writer interface{ Write(Chunk) bool }

type Dest interface {
	Stream
	Writer
}

type source struct {
	EventEmitter
	dest    Dest
	resumed int
}

func (s *source) pipe() {
	awaiting := false
	s.On("data", func(evt Event) {
		if ok := s.dest.Write(evt.Data); !ok {
			if !awaiting {
				s.dest.On("drain", func(Event) { s.resumed++ }) // want `\(emitter\.EventEmitter\)\.On keeps the drain listener registered after the first drain, and adds another at every "data" event: Dest has no Once`
			}
		}
	})
}
