// Package broken does not type-check.
package broken

// Event is fine.
type Event struct{ N int }

var x int = "not an int"

// main.go-style use of the writer before it is generated is tolerated.
var _ = NewEventWriter
