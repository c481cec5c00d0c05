package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"testing"

	"github.com/bpvet/bpvet/runtime"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// The face is a zapcore.WriteSyncer.
var _ zapcore.WriteSyncer = (*runtime.BlockingWriter)(nil)

// The three slog writers log the same records, with the time removed.
func TestSlogWriters(t *testing.T) {
	const n = 20_000
	opts := noTime()
	var want bytes.Buffer
	logRecords(&want, n, opts)
	if bytes.Count(want.Bytes(), []byte("\n")) != n {
		t.Fatalf("reference: %d lines, want %d", bytes.Count(want.Bytes(), []byte("\n")), n)
	}
	for name, run := range map[string]func(io.Writer) error{
		"face":  func(w io.Writer) error { return SlogFace(w, n, opts) },
		"mutex": func(w io.Writer) error { return SlogMutex(w, n, opts) },
		"zap":   func(w io.Writer) error { return SlogZap(w, n, opts) },
	} {
		var got bytes.Buffer
		if err := run(&got); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("%s: wrote %d bytes unlike the reference's %d", name, got.Len(), want.Len())
		}
	}
}

// In turns, each of the three writers logs every record once, in order,
// when n is not a multiple of the turn.
func TestSlogAlternating(t *testing.T) {
	const n, chunk = 20_000, 3_000
	opts := noTime()
	var want bytes.Buffer
	logRecords(&want, n, opts)
	var got [3]bytes.Buffer
	rs, err := SlogAlternating([3]io.Writer{&got[0], &got[1], &got[2]}, n, chunk, opts)
	if err != nil {
		t.Fatal(err)
	}
	for i, name := range []string{"face", "mutex", "zap"} {
		if !bytes.Equal(got[i].Bytes(), want.Bytes()) {
			t.Errorf("%s: wrote %d bytes unlike the reference's %d", name, got[i].Len(), want.Len())
		}
		if rs[i].nbytes != int64(want.Len()) || rs[i].calls == 0 || rs[i].wall <= 0 {
			t.Errorf("%s: result %+v, want %d bytes in some calls and a wall time", name, rs[i], want.Len())
		}
	}
	if _, err := SlogAlternating([3]io.Writer{io.Discard, io.Discard, io.Discard}, n, 0, opts); err == nil {
		t.Error("a turn of 0 records: no error")
	}
}

// noTime is the handler options that leave the time out, so that two runs
// write the same bytes.
func noTime() *slog.HandlerOptions {
	return &slog.HandlerOptions{ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey && len(groups) == 0 {
			return slog.Attr{}
		}
		return a
	}}
}

// zap over the runtime: zapcore.AddSync keeps the face's Sync, which
// Logger.Sync calls.
func Example_zap() {
	w := runtime.NewByteWriter(os.Stdout, runtime.WithKeepOpen())
	defer w.End()
	enc := zapcore.NewJSONEncoder(zapcore.EncoderConfig{
		MessageKey:  "msg",
		LevelKey:    "level",
		EncodeLevel: zapcore.LowercaseLevelEncoder,
	})
	logger := zap.New(zapcore.NewCore(enc, zapcore.AddSync(w.Blocking(context.Background())), zap.InfoLevel))
	defer logger.Sync()
	logger.Info("request served", zap.String("path", "/items"), zap.Int("status", 200))
	// Output:
	// {"level":"info","msg":"request served","path":"/items","status":200}
}

// One slog JSON record per op into /dev/null, through each writer:
// go test -bench Slog -count 6 shows the face's cost per record next to
// the floor's and zap's.
func BenchmarkSlogFace(b *testing.B)  { benchSlog(b, SlogFace) }
func BenchmarkSlogMutex(b *testing.B) { benchSlog(b, SlogMutex) }
func BenchmarkSlogZap(b *testing.B)   { benchSlog(b, SlogZap) }

func benchSlog(b *testing.B, log func(io.Writer, int, *slog.HandlerOptions) error) {
	f, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	b.ReportAllocs()
	// A Counter, as in runtime-bench: *os.File's Sync, which zap's Stop
	// calls, fails on /dev/null.
	if err := log(&Counter{W: f}, b.N, nil); err != nil {
		b.Fatal(err)
	}
}
