package runtime_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/bpvet/bpvet/runtime"
)

func TestCopy(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	in := pipeInput(1<<20 + 7)
	var buf bytes.Buffer
	log := &pipeLog{}
	dst := &recWriter{name: "dst", w: &buf, log: log, failAfter: -1}
	n, err := runtime.Copy(context.Background(), dst, bytes.NewReader(in))
	if err != nil || n != int64(len(in)) {
		t.Fatalf("Copy = %d, %v; want %d, nil", n, err, len(in))
	}
	if !bytes.Equal(buf.Bytes(), in) {
		t.Fatal("dst differs from src")
	}
	if dst.closes.Load() != 0 {
		t.Fatal("Copy closed dst")
	}
}

// noWriterTo hides nothing but panics if Copy takes the io.WriterTo path,
// which would hand dst the whole input in one Write.
type noWriterTo struct{ io.Reader }

func (noWriterTo) WriteTo(io.Writer) (int64, error) { panic("Copy used WriteTo") }

func TestCopyBounded(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	const total = 8 << 20
	dst := &slowDst{pause: 200 * time.Microsecond}
	// At most two read buffers, much less than the input.
	src := noWriterTo{boundedSource(t, total, dst, 1<<20)}
	n, err := runtime.Copy(context.Background(), dst, src)
	if err != nil || n != total || dst.n.Load() != total {
		t.Fatalf("Copy = %d, %v; dst got %d; want %d", n, err, dst.n.Load(), total)
	}
}

func TestCopyErrors(t *testing.T) {
	errPart := errors.New("part failed")
	const size = 512 << 10
	t.Run("src", func(t *testing.T) {
		defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
		var buf bytes.Buffer
		src := &failReader{r: bytes.NewReader(pipeInput(size)), err: errPart}
		n, err := runtime.Copy(context.Background(), &buf, src)
		// Data still queued at the error is dropped, as Node's pipeline
		// destroys its streams.
		if err != errPart || n != int64(buf.Len()) || n > size {
			t.Fatalf("Copy = %d, %v with %d bytes in dst; want at most %d, %v", n, err, buf.Len(), size, errPart)
		}
	})
	t.Run("dst", func(t *testing.T) {
		defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
		dst := &recWriter{name: "dst", log: &pipeLog{}, failAfter: size / 2, writeErr: errPart}
		n, err := runtime.Copy(context.Background(), dst, &endless{})
		if err != errPart || n != dst.n.Load() || n > size/2 {
			t.Fatalf("Copy = %d, %v; dst took %d; want at most %d, %v", n, err, dst.n.Load(), size/2, errPart)
		}
	})
	t.Run("short write", func(t *testing.T) {
		defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
		n, err := runtime.Copy(context.Background(), twoBytes{}, bytes.NewReader(pipeInput(size)))
		if err != io.ErrShortWrite || n != 2 {
			t.Fatalf("Copy = %d, %v; want 2, io.ErrShortWrite", n, err)
		}
	})
}

// twoBytes takes two bytes of every write and reports no error.
type twoBytes struct{}

func (twoBytes) Write(p []byte) (int, error) { return min(len(p), 2), nil }

func TestCopyCancel(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	ctx, src := cancelAfter(t, 1<<20)
	dst := &slowDst{}
	n, err := runtime.Copy(ctx, dst, src)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Copy = %v, want context.Canceled", err)
	}
	if n != dst.n.Load() || n > 2<<20 {
		t.Fatalf("Copy = %d, dst got %d, after cancel at 1 MiB", n, dst.n.Load())
	}
}

// BenchmarkCopy and BenchmarkIOCopy copy 64 MiB to io.Discard; bench/pipeline
// compares them on a 1 GiB file.
func BenchmarkCopy(b *testing.B) {
	in := pipeInput(1 << 20)
	b.SetBytes(64 << 20)
	for b.Loop() {
		if _, err := runtime.Copy(context.Background(), io.Discard, io.LimitReader(&repeat{b: in}, 64<<20)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkIOCopy(b *testing.B) {
	in := pipeInput(1 << 20)
	b.SetBytes(64 << 20)
	for b.Loop() {
		// Only Write, so io.Copy cannot use io.Discard's ReaderFrom.
		if _, err := io.Copy(struct{ io.Writer }{io.Discard}, io.LimitReader(&repeat{b: in}, 64<<20)); err != nil {
			b.Fatal(err)
		}
	}
}

// sleepy sleeps 1 ms per Read or Write, like a disk or a peer that takes
// its time; Read fills p.
type sleepy struct{ left int }

func (s *sleepy) Read(p []byte) (int, error) {
	if s.left == 0 {
		return 0, io.EOF
	}
	time.Sleep(time.Millisecond)
	n := min(len(p), s.left)
	s.left -= n
	return n, nil
}

func (s *sleepy) Write(p []byte) (int, error) {
	time.Sleep(time.Millisecond)
	return len(p), nil
}

// With a slow src and a slow dst, Copy overlaps reading and writing and
// takes about half as long as io.Copy, which alternates.
func BenchmarkCopySlowEnds(b *testing.B) {
	for b.Loop() {
		if _, err := runtime.Copy(context.Background(), &sleepy{}, &sleepy{left: 32 << 20}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkIOCopySlowEnds(b *testing.B) {
	buf := make([]byte, 256<<10) // the size Copy reads
	for b.Loop() {
		if _, err := io.CopyBuffer(&sleepy{}, &sleepy{left: 32 << 20}, buf); err != nil {
			b.Fatal(err)
		}
	}
}
