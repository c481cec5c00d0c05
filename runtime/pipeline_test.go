package runtime_test

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/bpvet/bpvet/runtime"
)

// pipeInput returns n bytes of text mixed with random bytes, so that
// compressors see both easy and incompressible runs.
func pipeInput(n int) []byte {
	r := rand.New(rand.NewPCG(7, 8))
	b := make([]byte, 0, n+64)
	for len(b) < n {
		if r.IntN(4) == 0 {
			for range 1 + r.IntN(300) {
				b = append(b, byte(r.Uint32()))
			}
			continue
		}
		b = fmt.Appendf(b, "line %d status=%d\n", r.IntN(1e6), 200+r.IntN(4)*100)
	}
	return b[:n]
}

func gunzip(t *testing.T, gz []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// pipeLog records, in order, what the parts of a pipeline did.
type pipeLog struct {
	mu  sync.Mutex
	evs []string
}

func (l *pipeLog) add(ev string) {
	l.mu.Lock()
	l.evs = append(l.evs, ev)
	l.mu.Unlock()
}

func (l *pipeLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.evs, " ")
}

// recWriter passes writes through to w (when set), fails its Write after
// failAfter bytes (when failAfter >= 0) and its Close with closeErr, and
// logs its Close.
type recWriter struct {
	name      string
	w         io.Writer
	log       *pipeLog
	n         atomic.Int64
	failAfter int64
	writeErr  error
	closeErr  error
	closes    atomic.Int32
}

func (r *recWriter) Write(p []byte) (int, error) {
	if r.failAfter >= 0 && r.n.Load()+int64(len(p)) > r.failAfter {
		return 0, r.writeErr
	}
	r.n.Add(int64(len(p)))
	if r.w == nil {
		return len(p), nil
	}
	return r.w.Write(p)
}

func (r *recWriter) Close() error {
	r.closes.Add(1)
	r.log.add(r.name + ".close")
	return r.closeErr
}

// recStage returns a pass-through Stage; it stores the writer it builds in
// *built so the test can inspect it.
func recStage(name string, log *pipeLog, built **recWriter, edit func(*recWriter)) runtime.Stage {
	return func(w io.Writer) (io.Writer, error) {
		r := &recWriter{name: name, w: w, log: log, failAfter: -1}
		if edit != nil {
			edit(r)
		}
		*built = r
		return r, nil
	}
}

// failReader returns data from r, then err instead of io.EOF.
type failReader struct {
	r   io.Reader
	err error
}

func (f *failReader) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	if err == io.EOF {
		return n, f.err
	}
	return n, err
}

func TestPipelineGzip(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	in := pipeInput(256 << 10)
	var buf bytes.Buffer
	log := &pipeLog{}
	dst := &recWriter{name: "dst", w: &buf, log: log, failAfter: -1}
	err := runtime.Pipeline(context.Background(), bytes.NewReader(in), dst, runtime.StageOf(gzip.NewWriter))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(gunzip(t, buf.Bytes()), in) {
		t.Fatal("gunzip(output) differs from the input")
	}
	if got := dst.closes.Load(); got != 1 {
		t.Fatalf("dst closed %d times, want 1", got)
	}
}

// upper is a user transform written as a Stage directly.
func upper(w io.Writer) (io.Writer, error) { return upperWriter{w}, nil }

type upperWriter struct{ w io.Writer }

func (u upperWriter) Write(p []byte) (int, error) { return u.w.Write(bytes.ToUpper(p)) }

func TestPipelineStages(t *testing.T) {
	in := pipeInput(150 << 10)
	inflate := func(b []byte) ([]byte, error) { return io.ReadAll(flate.NewReader(bytes.NewReader(b))) }
	ungzip := func(b []byte) ([]byte, error) {
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			return nil, err
		}
		return io.ReadAll(zr)
	}
	same := func(b []byte) ([]byte, error) { return b, nil }
	tests := []struct {
		name   string
		stages []runtime.Stage
		decode func([]byte) ([]byte, error)
		want   []byte
	}{
		{"none", nil, same, in},
		{"gzip level", []runtime.Stage{runtime.StageOfLevel(gzip.NewWriterLevel, gzip.BestSpeed)}, ungzip, in},
		{"flate", []runtime.Stage{runtime.StageOfLevel(flate.NewWriter, flate.BestSpeed)}, inflate, in},
		{"bufio flushed", []runtime.Stage{runtime.StageOf(bufio.NewWriter)}, same, in},
		{"user transform", []runtime.Stage{upper}, same, bytes.ToUpper(in)},
		{"transform then gzip", []runtime.Stage{upper, runtime.StageOf(gzip.NewWriter)}, ungzip, bytes.ToUpper(in)},
		{"gzip then bufio", []runtime.Stage{runtime.StageOf(gzip.NewWriter), runtime.StageOf(bufio.NewWriter)}, ungzip, in},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
			var buf bytes.Buffer
			if err := runtime.Pipeline(context.Background(), bytes.NewReader(in), &buf, tt.stages...); err != nil {
				t.Fatal(err)
			}
			got, err := tt.decode(buf.Bytes())
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, tt.want) {
				t.Fatalf("output differs: got %d bytes, want %d", len(got), len(tt.want))
			}
		})
	}
}

// asyncStage writes downstream from a goroutine of its own, as parallel
// compressors do; Close waits for it.
func asyncStage(w io.Writer) (io.Writer, error) {
	a := &asyncWriter{ch: make(chan []byte, 4), done: make(chan error, 1)}
	go func() {
		var err error
		for p := range a.ch {
			if err == nil {
				_, err = w.Write(p)
			}
		}
		a.done <- err
	}()
	return a, nil
}

type asyncWriter struct {
	ch   chan []byte
	done chan error
}

func (a *asyncWriter) Write(p []byte) (int, error) {
	a.ch <- bytes.Clone(p)
	return len(p), nil
}

func (a *asyncWriter) Close() error {
	close(a.ch)
	return <-a.done
}

func TestPipelineAsyncStage(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	in := pipeInput(300 << 10)
	var buf bytes.Buffer
	if err := runtime.Pipeline(context.Background(), bytes.NewReader(in), &buf, upper, asyncStage); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), bytes.ToUpper(in)) {
		t.Fatal("output differs")
	}
}

// TestPipelineErrors fails each part in turn: the pipeline must return that
// part's error itself, and close every stage it built, then dst, once each
// and in order.
func TestPipelineErrors(t *testing.T) {
	errPart := errors.New("part failed")
	const n = 256 << 10
	tests := []struct {
		name      string
		srcErr    bool
		newErr    int // stage whose constructor fails, or -1
		writeErr  int // stage whose Write fails (3 is dst), or -1
		closeErr  int // stage whose Close fails (3 is dst), or -1
		wantClose string
	}{
		{"src read", true, -1, -1, -1, "s0.close s1.close s2.close dst.close"},
		{"first stage constructor", false, 0, -1, -1, "s1.close s2.close dst.close"},
		{"last stage constructor", false, 2, -1, -1, "dst.close"},
		{"first stage write", false, -1, 0, -1, "s0.close s1.close s2.close dst.close"},
		{"middle stage write", false, -1, 1, -1, "s0.close s1.close s2.close dst.close"},
		{"last stage write", false, -1, 2, -1, "s0.close s1.close s2.close dst.close"},
		{"dst write", false, -1, 3, -1, "s0.close s1.close s2.close dst.close"},
		{"middle stage close", false, -1, -1, 1, "s0.close s1.close s2.close dst.close"},
		{"dst close", false, -1, -1, 3, "s0.close s1.close s2.close dst.close"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
			log := &pipeLog{}
			edit := func(i int) func(*recWriter) {
				return func(r *recWriter) {
					if i == tt.writeErr {
						r.failAfter, r.writeErr = n/2, errPart
					}
					if i == tt.closeErr {
						r.closeErr = errPart
					}
				}
			}
			built := make([]*recWriter, 3)
			var stages []runtime.Stage
			for i := range built {
				st := recStage(fmt.Sprintf("s%d", i), log, &built[i], edit(i))
				if i == tt.newErr {
					st = func(io.Writer) (io.Writer, error) { return nil, errPart }
				}
				stages = append(stages, st)
			}
			dst := &recWriter{name: "dst", log: log, failAfter: -1}
			edit(3)(dst)
			var src io.Reader = bytes.NewReader(pipeInput(n))
			if tt.srcErr {
				src = &failReader{r: src, err: errPart}
			}
			err := runtime.Pipeline(context.Background(), src, dst, stages...)
			if err != errPart {
				t.Fatalf("Pipeline = %v, want the part's error itself", err)
			}
			if got := log.String(); got != tt.wantClose {
				t.Fatalf("closes: %q, want %q", got, tt.wantClose)
			}
			if tt.writeErr >= 0 && dst.n.Load() >= n {
				t.Fatalf("dst received all %d bytes after a failure", dst.n.Load())
			}
		})
	}
}

// A later error, here a stage's Close failing during the cleanup, must not
// replace the first one.
func TestPipelineFirstErrorWins(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	errDst, errClose := errors.New("dst failed"), errors.New("close failed")
	log := &pipeLog{}
	var s0 *recWriter
	stage := recStage("s0", log, &s0, func(r *recWriter) { r.closeErr = errClose })
	dst := &recWriter{name: "dst", log: log, failAfter: 1000, writeErr: errDst}
	// The source never ends: only the dst failure can stop the pipeline.
	err := runtime.Pipeline(context.Background(), &endless{}, dst, stage, upper)
	if err != errDst {
		t.Fatalf("Pipeline = %v, want %v", err, errDst)
	}
	// The later error did happen: s0 was closed, and its Close failed.
	if s0 == nil {
		t.Fatal("the stage was never built")
	}
	if n := s0.closes.Load(); n != 1 || !strings.Contains(log.String(), "s0.close") {
		t.Fatalf("s0 closed %d times (log %q), want once: the later error never happened", n, log)
	}
}

func TestPipelineNilWriter(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	bad := func(io.Writer) (io.Writer, error) { return nil, nil }
	for _, st := range []runtime.Stage{bad, nil} {
		err := runtime.Pipeline(context.Background(), strings.NewReader("x"), io.Discard, st)
		if err == nil || !strings.Contains(err.Error(), "nil writer") {
			t.Fatalf("Pipeline = %v, want a nil writer error", err)
		}
	}
}

func TestPipelineStagePanic(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	boom := func(io.Writer) (io.Writer, error) { return panicWriter{}, nil }
	err := runtime.Pipeline(context.Background(), strings.NewReader("x"), io.Discard, boom)
	var pe *runtime.PanicError
	if !errors.As(err, &pe) || pe.Value != "stage bug" {
		t.Fatalf("Pipeline = %v, want a *PanicError", err)
	}
}

type panicWriter struct{}

func (panicWriter) Write([]byte) (int, error) { panic("stage bug") }

// endless yields generated bytes forever and counts them; onRead runs
// before each Read.
type endless struct {
	n      atomic.Int64
	onRead func(read int64)
}

func (e *endless) Read(p []byte) (int, error) {
	if e.onRead != nil {
		e.onRead(e.n.Load())
	}
	for i := range p {
		p[i] = byte('a' + i%26)
	}
	e.n.Add(int64(len(p)))
	return len(p), nil
}

// cancelAfter returns an endless source that cancels the context it
// returns once it has produced n bytes.
func cancelAfter(t *testing.T, n int64) (context.Context, *endless) {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	return ctx, &endless{onRead: func(read int64) {
		if read >= n {
			cancel()
		}
	}}
}

func TestPipelineCancel(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	ctx, src := cancelAfter(t, 512<<10)
	log := &pipeLog{}
	var s0 *recWriter
	dst := &recWriter{name: "dst", log: log, failAfter: -1}
	done := make(chan error, 1)
	go func() {
		done <- runtime.Pipeline(ctx, src, dst, recStage("s0", log, &s0, nil), runtime.StageOf(gzip.NewWriter))
	}()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Pipeline = %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Pipeline did not return after cancel")
	}
	if got := log.String(); got != "s0.close dst.close" {
		t.Fatalf("closes: %q", got)
	}
	if read := src.n.Load(); read > 1<<20 {
		t.Fatalf("read %d bytes after cancel at 512 KiB", read)
	}
}

func TestPipelineCanceledBefore(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	cause := errors.New("shutting down")
	ctx, cancel := context.WithCancelCause(context.Background())
	cancel(cause)
	src := &endless{}
	log := &pipeLog{}
	dst := &recWriter{name: "dst", log: log, failAfter: -1}
	err := runtime.Pipeline(ctx, src, dst, runtime.StageOf(gzip.NewWriter))
	if err != cause {
		t.Fatalf("Pipeline = %v, want the context's cause", err)
	}
	if src.n.Load() != 0 || dst.n.Load() != 0 {
		t.Fatalf("read %d, wrote %d after cancel", src.n.Load(), dst.n.Load())
	}
	if log.String() != "dst.close" {
		t.Fatalf("closes: %q", log.String())
	}
}

// slowDst delivers slowly and counts what it received.
type slowDst struct {
	n     atomic.Int64
	pause time.Duration
}

func (s *slowDst) Write(p []byte) (int, error) {
	time.Sleep(s.pause)
	s.n.Add(int64(len(p)))
	return len(p), nil
}

// boundedSource checks, at every Read, how far src is ahead of dst.
func boundedSource(t *testing.T, total int64, dst *slowDst, limit int64) io.Reader {
	src := &endless{}
	src.onRead = func(read int64) {
		if ahead := read - dst.n.Load(); ahead > limit {
			t.Errorf("read %d bytes ahead of dst, limit %d", ahead, limit)
		}
	}
	return io.LimitReader(src, total)
}

// Reading must wait for a slow dst: memory is bounded by the
// highWaterMarks, not by the input.
func TestPipelineBounded(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	const total = 8 << 20
	dst := &slowDst{pause: 200 * time.Microsecond}
	// Two hops, each holding at most a batch in flight and a queue that
	// reached the mark, or the read buffer: much less than the input.
	src := boundedSource(t, total, dst, 1<<20)
	if err := runtime.Pipeline(context.Background(), src, dst, upper); err != nil {
		t.Fatal(err)
	}
	if dst.n.Load() != total {
		t.Fatalf("dst got %d bytes, want %d", dst.n.Load(), total)
	}
}

// The differential test: the same inputs gzipped by Node's zlib (through
// stream.pipeline) and by Pipeline must each decompress, with either
// implementation, to the input.
func TestPipelineNodeZlib(t *testing.T) {
	node := nodeBin(t)
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	// nodeRun passes every buffer through Node in one process.
	nodeRun := func(mode string, bufs [][]byte) [][]byte {
		t.Helper()
		in, err := json.Marshal(bufs) // []byte encodes as base64
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(node, "testdata/node/pipeline_zlib.js", mode)
		cmd.Stdin = bytes.NewReader(in)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("node %s: %v\n%s", mode, err, stderr.Bytes())
		}
		var res [][]byte
		if err := json.Unmarshal(out, &res); err != nil || len(res) != len(bufs) {
			t.Fatalf("node %s: %d results for %d inputs, %v", mode, len(res), len(bufs), err)
		}
		return res
	}
	var inputs, goGz [][]byte
	for _, size := range []int{0, 1, 200 << 10} {
		in := pipeInput(size)
		var gz bytes.Buffer
		if err := runtime.Pipeline(context.Background(), bytes.NewReader(in), &gz, runtime.StageOf(gzip.NewWriter)); err != nil {
			t.Fatal(err)
		}
		inputs, goGz = append(inputs, in), append(goGz, gz.Bytes())
	}
	nodeGz := nodeRun("gzip", inputs)
	back := nodeRun("gunzip", append(slices.Clone(goGz), nodeGz...))
	for i, in := range inputs {
		for _, c := range []struct {
			name string
			got  []byte
		}{
			{"Go gunzip of Go gzip", gunzip(t, goGz[i])},
			{"Go gunzip of Node gzip", gunzip(t, nodeGz[i])},
			{"Node gunzip of Go gzip", back[i]},
			{"Node gunzip of Node gzip", back[len(inputs)+i]},
		} {
			if !bytes.Equal(c.got, in) {
				t.Fatalf("%d-byte input: %s: got %d bytes, differs from the input", len(in), c.name, len(c.got))
			}
		}
	}
}

// BenchmarkPipelineGzip streams 64 MiB through gzip at BestSpeed per
// iteration; bench/pipeline measures the full 1 GiB run and its peak RSS.
func BenchmarkPipelineGzip(b *testing.B) {
	in := pipeInput(1 << 20)
	const size = 64 << 20
	b.SetBytes(size)
	for b.Loop() {
		src := io.LimitReader(&repeat{b: in}, size)
		if err := runtime.Pipeline(context.Background(), src, io.Discard, runtime.StageOfLevel(gzip.NewWriterLevel, gzip.BestSpeed)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkIOCopyGzip is the synchronous baseline for BenchmarkPipelineGzip.
func BenchmarkIOCopyGzip(b *testing.B) {
	in := pipeInput(1 << 20)
	const size = 64 << 20
	b.SetBytes(size)
	for b.Loop() {
		zw, _ := gzip.NewWriterLevel(io.Discard, gzip.BestSpeed)
		if _, err := io.Copy(zw, io.LimitReader(&repeat{b: in}, size)); err != nil {
			b.Fatal(err)
		}
		zw.Close()
	}
}

// repeat reads b over and over.
type repeat struct {
	b   []byte
	off int
}

func (r *repeat) Read(p []byte) (int, error) {
	n := copy(p, r.b[r.off:])
	r.off = (r.off + n) % len(r.b)
	return n, nil
}
