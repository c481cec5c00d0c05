package main

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"sync"

	"github.com/bpvet/bpvet/runtime"
	"go.uber.org/zap/zapcore"
)

// The records of a Go service's log: n slog JSON records through the
// writer a user would put under slog.NewJSONHandler. Encoding runs on the
// producer; each writer then owns the sink's system calls its own way.

// SlogFace logs through the runtime's blocking io.Writer face of a
// ByteWriter with the default mark, then ends the writer.
func SlogFace(dst io.Writer, n int, opts *slog.HandlerOptions) error {
	w := runtime.NewByteWriter(dst, runtime.WithKeepOpen())
	logRecords(w.Blocking(context.Background()), n, opts)
	return w.End()
}

// SlogMutex logs through the floor: a sync.Mutex around a 64 KiB
// bufio.Writer, flushed on the producer when full.
func SlogMutex(dst io.Writer, n int, opts *slog.HandlerOptions) error {
	w := &lockedWriter{b: bufio.NewWriterSize(dst, 64<<10)}
	logRecords(w, n, opts)
	return w.b.Flush()
}

// SlogZap logs through zap's BufferedWriteSyncer with its defaults (256
// KiB, flushed on the producer when full, and by a 30 s ticker), then
// stops it.
func SlogZap(dst io.Writer, n int, opts *slog.HandlerOptions) error {
	s := &zapcore.BufferedWriteSyncer{WS: zapcore.AddSync(dst)}
	logRecords(s, n, opts)
	return s.Stop()
}

// logRecords logs n records of a served request. slog's Logger drops the
// writer's errors: each writer reports them when it is ended.
func logRecords(w io.Writer, n int, opts *slog.HandlerOptions) {
	logger := slog.New(slog.NewJSONHandler(w, opts))
	for i := range n {
		logger.Info("request served", "id", i, "method", "GET", "path", "/api/v1/items", "status", 200, "bytes", 512+i%1024)
	}
}

type lockedWriter struct {
	mu sync.Mutex
	b  *bufio.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}
