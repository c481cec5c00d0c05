package runtime_test

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/bpvet/bpvet/runtime"
)

// The drain-aware loop in byte mode: write until Write returns false, then
// wait for drain before writing again.
func ExampleByteWriter() {
	var out strings.Builder
	w := runtime.NewByteWriter(&out, runtime.WithHighWaterMark(16))
	ctx := context.Background()
	for i := range 5 {
		if !w.WriteString(fmt.Sprintf("line %d\n", i)) {
			if err := w.WaitDrain(ctx); err != nil {
				fmt.Println("error:", err)
				return
			}
		}
	}
	if err := w.End(); err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Print(out.String())
	// Output:
	// line 0
	// line 1
	// line 2
	// line 3
	// line 4
}

// Node's pattern, callback style: write until false, then register a
// one-shot drain listener that resumes the loop, and End from the last call.
func ExampleByteWriter_Once() {
	w := runtime.NewByteWriter(os.Stdout, runtime.WithHighWaterMark(8), runtime.WithKeepOpen())
	done := make(chan error)
	i := 0
	var next func()
	next = func() {
		for i < 3 {
			ok := w.WriteString(fmt.Sprintf("chunk %d\n", i))
			i++
			if !ok {
				w.Once(runtime.EventDrain, next)
				return
			}
		}
		done <- w.End()
	}
	next()
	if err := <-done; err != nil {
		fmt.Println("error:", err)
	}
	// Output:
	// chunk 0
	// chunk 1
	// chunk 2
}

// Object mode: the sink receives batches of values, in order.
func ExampleWriter() {
	type event struct{ ID int }
	total := 0
	w := runtime.NewWriter(func(batch []event) error {
		total += len(batch)
		return nil
	})
	ctx := context.Background()
	for id := range 100 {
		if !w.Write(event{ID: id}) {
			if err := w.WaitDrain(ctx); err != nil {
				fmt.Println("error:", err)
				return
			}
		}
	}
	if err := w.End(); err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println("delivered", total, "events")
	fmt.Println("peak length within the mark:", w.Stats().PeakLength <= w.HighWaterMark())
	// Output:
	// delivered 100 events
	// peak length within the mark: true
}
