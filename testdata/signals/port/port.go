// Package port is a port of Node streams whose emitter has no Once.
package port

type Listener func(args ...any)

// Writable is an event emitter with a write signal.
type Writable interface {
	On(event string, l Listener)
	Emit(event string, args ...any) bool
	Write(chunk []byte) bool
}

// Readable is the source side.
type Readable interface {
	On(event string, l Listener)
	Pause()
	Resume()
}

const EventDrain = "drain"
