// Package broken does not type-check.
package broken

// Event is fine.
type Event struct{ N int }

var x int = "not an int"
