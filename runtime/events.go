package runtime

// An Event names a writer event, as in Node.js.
type Event string

// The events a writer emits.
const (
	EventDrain  Event = "drain"  // the length returned to 0 after Write returned false
	EventError  Event = "error"  // the writer failed; Err returns the error
	EventFinish Event = "finish" // End delivered everything and closed the destination
	EventClose  Event = "close"  // the writer is done, after finish or error
)

// A ListenerID identifies a registered listener, for Off.
type ListenerID uint64

type listener struct {
	id   ListenerID
	ev   Event
	fn   func()
	once bool
}

// listeners is a registry guarded by the owning engine's mutex.
type listeners struct {
	last ListenerID
	list []listener
}

func (l *listeners) add(ev Event, fn func(), once bool) ListenerID {
	l.last++
	l.list = append(l.list, listener{id: l.last, ev: ev, fn: fn, once: once})
	return l.last
}

func (l *listeners) remove(id ListenerID) bool {
	for i, x := range l.list {
		if x.id == id {
			l.list = append(l.list[:i], l.list[i+1:]...)
			return true
		}
	}
	return false
}

// has reports whether a listener for ev is registered.
func (l *listeners) has(ev Event) bool {
	for _, x := range l.list {
		if x.ev == ev {
			return true
		}
	}
	return false
}

// take returns the functions to call for ev, in registration order, and
// forgets the once listeners among them.
func (l *listeners) take(ev Event) []func() {
	var fns []func()
	kept := l.list[:0]
	for _, x := range l.list {
		if x.ev == ev {
			fns = append(fns, x.fn)
			if x.once {
				continue
			}
		}
		kept = append(kept, x)
	}
	clear(l.list[len(kept):])
	l.list = kept
	return fns
}

func call(fns []func()) {
	for _, fn := range fns {
		fn()
	}
}

// On registers fn to run every time ev fires and returns its ID for Off.
func (w *engine) On(ev Event, fn func()) ListenerID {
	w.mu.Lock()
	defer w.mu.Unlock()
	if ev == EventDrain {
		w.wakeForDrain()
	}
	return w.ls.add(ev, fn, false)
}

// Once registers fn to run the next time ev fires. A drain listener added
// after the latest drain fired unheard, with no false Write since, runs at
// once on a new goroutine: see the package doc.
func (w *engine) Once(ev Event, fn func()) ListenerID {
	w.mu.Lock()
	id := w.ls.add(ev, fn, true)
	if ev == EventDrain {
		if w.missedDrain && !w.needDrain && w.state == open {
			w.missedDrain = false
			w.ls.remove(id)
			w.mu.Unlock()
			go fn()
			return id
		}
		w.wakeForDrain()
	}
	w.mu.Unlock()
	return id
}

// Off removes the listener with the given ID and reports whether it was
// registered.
func (w *engine) Off(id ListenerID) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.ls.remove(id)
}
