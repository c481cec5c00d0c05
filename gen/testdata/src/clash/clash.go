// Package clash declares names that the generated file imports.
package clash

import "context"

// runtime is taken, so the generated file imports the runtime as bpruntime.
var runtime = "taken"

// iter is taken too.
func iter() {}

// Item is what the writer writes.
type Item struct{ N int }

// Sink is wrapped with -iface.
type Sink interface {
	Put(ctx context.Context, it Item) error
}

var _ = runtime
var _ = iter
