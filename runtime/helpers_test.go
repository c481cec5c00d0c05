package runtime_test

import (
	"bytes"
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for the flusher and the test at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// blockingWriter is a destination whose Write calls wait for release.
type blockingWriter struct {
	syncBuffer
	entered chan []byte
	release chan error
	closed  int // guarded by syncBuffer.mu
}

// heldSink returns a Writer's sink that hands each batch to the test on
// entered and returns what the test then sends on release.
func heldSink[T any]() (sink func([]T) error, entered chan []T, release chan error) {
	entered, release = make(chan []T), make(chan error)
	return func(batch []T) error {
		entered <- batch
		return <-release
	}, entered, release
}

func newBlockingWriter() *blockingWriter {
	return &blockingWriter{entered: make(chan []byte), release: make(chan error)}
}

func (b *blockingWriter) Write(p []byte) (int, error) {
	b.entered <- bytes.Clone(p)
	if err := <-b.release; err != nil {
		return 0, err
	}
	return b.syncBuffer.Write(p)
}

func (b *blockingWriter) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed++
	return nil
}

func recv[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(5 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
		panic("unreachable")
	}
}

// waitDrain is w.WaitDrain bounded to 5 s, so that a drain that never
// comes fails the test instead of hanging it.
func waitDrain(w interface{ WaitDrain(context.Context) error }) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return w.WaitDrain(ctx)
}

func closedWithin(ch <-chan struct{}, d time.Duration) bool {
	select {
	case <-ch:
		return true
	default:
	}
	select {
	case <-ch:
		return true
	case <-time.After(d):
		return false
	}
}

// eventLog records events in order, from any goroutine.
type eventLog struct {
	mu  sync.Mutex
	evs []string
}

func (l *eventLog) add(ev string) func() {
	return func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		l.evs = append(l.evs, ev)
	}
}

func (l *eventLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return fmtList(l.evs)
}

func fmtList(xs []string) string {
	var b bytes.Buffer
	for i, x := range xs {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(x)
	}
	return b.String()
}

var errBoom = errors.New("boom")
