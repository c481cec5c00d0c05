// Package events shows bpgen: EventWriter and PublisherWriter are
// generated, typed, drain-aware writers built on the bpvet runtime.
//
// bpgen is a tool of the module, added with
//
//	go get -tool github.com/bpvet/bpvet/cmd/bpgen
//
// and run by the go:generate lines below, as in a module of your own: the
// tool directive keeps bpvet required even before the first generation,
// when nothing imports it yet.
package events

import "context"

//go:generate go tool bpgen -type=Event
//go:generate go tool bpgen -iface=Publisher -hwm=32

// An Event is written to an EventWriter. Its Size makes the writer's
// highWaterMark count payload bytes rather than events.
type Event struct {
	ID      int
	Payload []byte
}

// Size returns the bytes the event holds in memory, as far as backpressure
// is concerned.
func (e Event) Size() int { return len(e.Payload) }

// A Publisher sends messages to a broker. PublisherWriter queues its calls
// and makes them in order from a background goroutine.
type Publisher interface {
	Publish(ctx context.Context, topic string, payloads ...[]byte) error
	Flush(ctx context.Context) error
}
