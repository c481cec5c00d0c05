// Package waitctx has a context in scope where BP001 reports: the message
// and the fix use WaitDrain(ctx), the fastest wait, in the form that
// compiles.
package waitctx

import (
	"context"

	"github.com/bpvet/bpvet/runtime"
)

func returnsErr(ctx context.Context, w *runtime.ByteWriter, lines []string) error {
	for _, l := range lines {
		w.WriteString(l) // want `result of \(\*runtime\.ByteWriter\)\.WriteString ignored in loop: .*; stop when it returns false and wait on WaitDrain\(ctx\)`
	}
	return nil
}

func returnsNothing(ctx context.Context, w *runtime.ByteWriter, lines []string) {
	for _, l := range lines {
		w.WriteString(l) // want `wait on WaitDrain\(ctx\)`
	}
}

type result struct{ n int }

func zeroValues(ctx context.Context, w *runtime.ByteWriter, p []byte) (int, *result, string, bool, error) {
	for range 3 {
		w.Write(p) // want `wait on WaitDrain\(ctx\)`
	}
	return 0, nil, "", false, nil
}

// noZeroLiteral cannot spell its first result's zero value: the fix falls
// back to the drain channel.
func noZeroLiteral(ctx context.Context, w *runtime.ByteWriter, p []byte) (result, error) {
	for range 3 {
		w.Write(p) // want `wait on WaitDrain\(ctx\)`
	}
	return result{}, nil
}

// noError cannot return the error: the drain channel again.
func noError(ctx context.Context, w *runtime.ByteWriter, p []byte) bool {
	for range 3 {
		w.Write(p) // want `wait on WaitDrain\(ctx\)`
	}
	return true
}

// otherName names the context in scope, the innermost first.
func otherName(reqCtx context.Context, w *runtime.ByteWriter, p []byte) error {
	for range 3 {
		w.Write(p) // want `wait on WaitDrain\(reqCtx\)`
	}
	for range 3 {
		ctx, cancel := context.WithCancel(reqCtx)
		defer cancel()
		w.Write(p) // want `wait on WaitDrain\(ctx\)`
		_ = ctx
	}
	return nil
}

// notYet declares its context after the loop: none is in scope.
func notYet(w *runtime.ByteWriter, p []byte) error {
	for range 3 {
		w.Write(p) // want `wait on Drain\(\)`
	}
	ctx := context.Background()
	_ = ctx
	return nil
}

// shadowed has a ctx that is not a context at the call.
func shadowed(ctx context.Context, w *runtime.ByteWriter, p []byte) error {
	for range 3 {
		ctx := 1
		w.Write(p) // want `wait on Drain\(\)`
		_ = ctx
	}
	return nil
}

// objects writes to a Writer[T], which has no WaitDrain: Drain it is.
func objects(ctx context.Context, w *runtime.Writer[int]) {
	for i := range 3 {
		w.Write(i) // want `wait on Drain\(\)`
	}
}

// waiter can only wait with a context.
type waiter interface {
	Write(p []byte) bool // want Write:"^signal\\(structure\\)"
	WaitDrain(ctx context.Context) error
}

func onlyWait(ctx context.Context, w waiter, p []byte) error {
	for range 3 {
		w.Write(p) // want `waiter reports backpressure \(it has WaitDrain\); stop when it returns false and wait on WaitDrain\(ctx\)`
	}
	return nil
}

// onlyWaitNoError has no way to return the error and no channel: no fix.
func onlyWaitNoError(ctx context.Context, w waiter, p []byte) int {
	for range 3 {
		w.Write(p) // want `wait on WaitDrain\(ctx\)`
	}
	return 0
}

// inLiteral may be a listener the writer runs: the message names the
// context, and no fix is offered.
func inLiteral(ctx context.Context, w *runtime.ByteWriter, p []byte) {
	w.On(runtime.EventFinish, func() {
		for range 3 {
			w.Write(p) // want `wait on WaitDrain\(ctx\)`
		}
	})
}
