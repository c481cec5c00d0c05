// Command gotool is a module that uses bpgen and bpvet as go tools. Nothing
// here imports bpvet before the first generation: only the tool directives
// keep it in go.mod through go mod tidy.
package main

import (
	"context"
	"fmt"
	"os"
	"slices"
)

//go:generate go tool bpgen -type=Event

// An Event is what the generated EventWriter writes; its Size makes the
// writer's highWaterMark count payload bytes.
type Event struct {
	ID      int
	Payload []byte
}

// Size returns the payload's length.
func (e Event) Size() int { return len(e.Payload) }

func main() {
	delivered := 0
	w := NewEventWriter(func(batch []Event) error {
		delivered += len(batch)
		return nil
	})
	evs := make([]Event, 1000)
	for i := range evs {
		evs[i] = Event{ID: i, Payload: make([]byte, 100)}
	}
	err := w.WriteAll(context.Background(), slices.Values(evs))
	if err == nil {
		err = w.End()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("delivered %d events, %d drains\n", delivered, w.Stats().Drains)
}
