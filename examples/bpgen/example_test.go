package events_test

import (
	"context"
	"fmt"
	"slices"
	"time"

	events "github.com/bpvet/bpvet/examples/bpgen"
	"github.com/bpvet/bpvet/runtime"
)

// WriteAll runs the drain-aware loop: it stops when Write returns false and
// resumes after the drain.
func ExampleEventWriter_WriteAll() {
	w := events.NewEventWriter(func(batch []events.Event) error {
		for _, e := range batch {
			fmt.Printf("event %d: %s\n", e.ID, e.Payload)
		}
		return nil
	}, runtime.WithHighWaterMark(4)) // bytes: each 4-byte payload fills the writer

	evs := []events.Event{{1, []byte("ping")}, {2, []byte("pong")}, {3, []byte("done")}}
	// A deadline bounds the wait for a consumer that stops taking events.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := w.WriteAll(ctx, slices.Values(evs)); err != nil {
		fmt.Println("write:", err)
	}
	if err := w.End(); err != nil {
		fmt.Println("end:", err)
	}
	fmt.Println("drains >= 1:", w.Stats().Drains >= 1)
	// Output:
	// event 1: ping
	// event 2: pong
	// event 3: done
	// drains >= 1: true
}

type printer struct{}

func (printer) Publish(_ context.Context, topic string, payloads ...[]byte) error {
	fmt.Printf("publish %s %q\n", topic, payloads)
	return nil
}

func (printer) Flush(context.Context) error {
	fmt.Println("flush")
	return nil
}

// Each generated method queues a call and returns the write signal, which
// bpvet checks like any Write.
func ExamplePublisherWriter() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	w := events.NewPublisherWriter(printer{}, runtime.WithHighWaterMark(2))
	for i := range 3 {
		if !w.Publish(ctx, "metrics", fmt.Appendf(nil, "m%d", i)) {
			if err := w.WaitDrain(ctx); err != nil {
				fmt.Println(err)
				return
			}
		}
	}
	w.Flush(ctx)
	if err := w.End(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// publish metrics ["m0"]
	// publish metrics ["m1"]
	// publish metrics ["m2"]
	// flush
}
