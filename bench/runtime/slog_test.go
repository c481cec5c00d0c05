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
	opts := &slog.HandlerOptions{ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey && len(groups) == 0 {
			return slog.Attr{}
		}
		return a
	}}
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
