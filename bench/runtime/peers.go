package main

import (
	"bufio"
	"io"

	"github.com/bpvet/bpvet/internal/lab"
	"github.com/rs/zerolog/diode"
	"go.uber.org/zap/zapcore"
)

// The peers a Go user picks today for a concurrency-safe buffered writer,
// writing the explainer's n lines "line i\n" to dst.

// ZapLines writes the lines through zap's BufferedWriteSyncer with its
// defaults (a 256 KiB buffer, flushed by a 30 s ticker or when full), then
// stops it, which flushes.
func ZapLines(dst io.Writer, n int) error {
	s := &zapcore.BufferedWriteSyncer{WS: zapcore.AddSync(dst)}
	if err := writeLines(s, n); err != nil {
		return err
	}
	return s.Stop()
}

// DiodeLines writes the lines through zerolog's diode writer (a ring of
// 1000 slots whose reader is woken on each write). The diode never blocks
// the producer: when its reader falls behind it drops lines. It writes each
// line it kept with one Write call on dst.
func DiodeLines(dst io.Writer, n int) error {
	w := diode.NewWriter(dst, 1000, 0, nil)
	if err := writeLines(w, n); err != nil {
		return err
	}
	return w.Close()
}

// writeLines writes the n lines to w, one Write call each.
func writeLines(w io.Writer, n int) error {
	var line []byte
	for i := range n {
		line = lab.AppendLine(line, i)
		if _, err := w.Write(line); err != nil {
			return err
		}
	}
	return nil
}

// ChanLines sends a copy of each line over a channel of capacity 16 to one
// goroutine, which writes it through a 64 KiB bufio.Writer.
func ChanLines(dst io.Writer, n int) error {
	ch := make(chan []byte, 16)
	done := make(chan error, 1)
	go func() {
		bw := bufio.NewWriterSize(dst, 64<<10)
		var err error
		for p := range ch {
			if err == nil {
				_, err = bw.Write(p)
			}
		}
		if err == nil {
			err = bw.Flush()
		}
		done <- err
	}()
	var line []byte
	for i := range n {
		line = lab.AppendLine(line, i)
		ch <- append([]byte(nil), line...) // the producer reuses line
	}
	close(ch)
	return <-done
}
