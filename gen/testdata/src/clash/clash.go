// Package clash declares names that the generated file imports.
package clash

import "context"

// runtime is taken, so the generated file imports the runtime as bpruntime.
var runtime = "taken"

// iter is taken too.
func iter() {}

// Item is what the writer writes.
type Item struct{ N int }

// Sink is wrapped with -iface. Mark's parameters take the names of the
// generated receiver and call record, and one is blank.
type Sink interface {
	Put(ctx context.Context, it Item) error
	Mark(w int, c string, _ bool) error
}

// Odd's type parameters take the names of an import and the receiver.
type Odd[context any, w comparable] struct {
	A context
	B w
}

var _ = runtime
var _ = iter
