package main

import (
	"bufio"
	"context"
	"fmt"
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

// SlogAlternating logs n records through each of the face, the floor and
// zap (as SlogFace, SlogMutex and SlogZap do), all three in this process,
// in turns of chunk records that rotate the writers' order. It returns each
// writer's summed wall and CPU time, its final End, Flush or Stop included,
// and the calls and bytes its destination, dsts[i], received. Turns a few
// milliseconds apart see the same machine, so a machine that slows down for
// a while slows the three alike; separate processes cannot share it so.
// CPU time is the process's, so each writer's includes the others' idle
// goroutines. A gap between a writer's turns longer than the face's slow
// tick (16 ms) lets its flusher deliver the tail and exit, and the next
// turn start a new one, which a steady stream does not pay.
func SlogAlternating(dsts [3]io.Writer, n, chunk int, opts *slog.HandlerOptions) ([3]result, error) {
	if chunk <= 0 {
		return [3]result{}, fmt.Errorf("chunk %d: want > 0", chunk)
	}
	var cs [3]*Counter
	for i, dst := range dsts {
		cs[i] = &Counter{W: dst}
	}
	face := runtime.NewByteWriter(cs[0], runtime.WithKeepOpen())
	floor := &lockedWriter{b: bufio.NewWriterSize(cs[1], 64<<10)}
	zap := &zapcore.BufferedWriteSyncer{WS: zapcore.AddSync(cs[2])}
	ws := [3]io.Writer{face.Blocking(context.Background()), floor, zap}
	ends := [3]func() error{face.End, floor.b.Flush, zap.Stop}
	var rs [3]result
	var loggers [3]*slog.Logger
	for i, w := range ws {
		loggers[i] = slog.New(slog.NewJSONHandler(w, opts))
	}
	for turn, from := 0, 0; from < n; turn, from = turn+1, from+chunk {
		to := min(from+chunk, n)
		for k := range ws {
			i := (turn + k) % len(ws)
			r, _ := timed(func() error {
				logRange(loggers[i], from, to)
				return nil
			})
			rs[i].wall += r.wall
			rs[i].cpu += r.cpu
		}
	}
	for i, end := range ends {
		r, err := timed(end)
		if err != nil {
			return rs, err
		}
		rs[i].wall += r.wall
		rs[i].cpu += r.cpu
		rs[i].calls, rs[i].nbytes = cs[i].Calls, cs[i].Nbytes
	}
	return rs, nil
}

// logRecords logs n records of a served request. slog's Logger drops the
// writer's errors: each writer reports them when it is ended.
func logRecords(w io.Writer, n int, opts *slog.HandlerOptions) {
	logRange(slog.New(slog.NewJSONHandler(w, opts)), 0, n)
}

// logRange logs records from to to of a served request.
func logRange(logger *slog.Logger, from, to int) {
	for i := from; i < to; i++ {
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
