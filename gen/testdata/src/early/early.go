// Package early uses its writer before the first generation, which bpgen
// tolerates: it is about to declare the missing names.
package early

// Event is what the writer writes.
type Event struct{ N int }

var _ = NewEventWriter

// Use would not compile without the generated file.
func Use(w *EventWriter) bool { return w.Write(Event{}) }
