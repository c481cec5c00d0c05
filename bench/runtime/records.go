package main

import (
	"bufio"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	goruntime "runtime"
	"sync/atomic"

	"github.com/bpvet/bpvet/runtime"
)

// A Counter counts the Write calls its destination receives: with a file or
// a socket behind it, each one is a write system call. Only one goroutine
// at a time writes to it.
type Counter struct {
	W      io.Writer
	Calls  int64
	Nbytes int64
}

func (c *Counter) Write(p []byte) (int, error) {
	c.Calls++
	n, err := c.W.Write(p)
	c.Nbytes += int64(n)
	return n, err
}

// fillRecord encodes record seq into rec, eight bytes at a time, as a
// producer that formats its records does: the work is proportional to the
// size. The first eight bytes are seq.
func fillRecord(rec []byte, seq int) {
	x := uint64(seq)*0x9e3779b97f4a7c15 + 1
	i := 0
	for ; i+8 <= len(rec); i += 8 {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		binary.LittleEndian.PutUint64(rec[i:], x)
	}
	for ; i < len(rec); i++ {
		rec[i] = byte(x >> (i % 8 * 8))
	}
	if len(rec) >= 8 {
		binary.LittleEndian.PutUint64(rec, uint64(seq))
	}
}

// RecordsRuntime writes total bytes of records of the given size to dst
// through a ByteWriter, with the drain-aware loop on the Drain channel, or
// on WaitDrain(context.Background()) when waitDrain is set.
func RecordsRuntime(dst io.Writer, size int, total int64, waitDrain bool) error {
	w := runtime.NewByteWriter(dst, runtime.WithKeepOpen())
	ctx := context.Background()
	rec := make([]byte, size)
	for seq := 0; int64(seq)*int64(size) < total; seq++ {
		fillRecord(rec, seq)
		if w.Write(rec) {
			continue
		}
		if !waitDrain {
			<-w.Drain()
		} else if err := w.WaitDrain(ctx); err != nil {
			return err
		}
	}
	return w.End()
}

// RecordsBufio writes the same records through a 64 KiB bufio.Writer.
func RecordsBufio(dst io.Writer, size int, total int64) error {
	bw := bufio.NewWriterSize(dst, 64<<10)
	rec := make([]byte, size)
	for seq := 0; int64(seq)*int64(size) < total; seq++ {
		fillRecord(rec, seq)
		if _, err := bw.Write(rec); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// RecordsPipe writes the same records through the simplest asynchronous
// writer: the producer fills 64 KiB buffers and hands each full one over a
// channel to a goroutine that writes it to dst, with nbuf buffers in all.
// It has no mutex, no length and no drain, and a producer that outruns the
// writer simply blocks on the channel. It is the bound for the overlap any
// asynchronous writer can get from a second core on this workload.
func RecordsPipe(dst io.Writer, size int, total int64, nbuf int) error {
	const bufSize = 64 << 10
	full := make(chan []byte, nbuf)
	free := make(chan []byte, nbuf)
	for range nbuf {
		free <- make([]byte, 0, bufSize+size)
	}
	done := make(chan error, 1)
	go func() {
		var err error
		for b := range full {
			if err == nil {
				_, err = dst.Write(b)
			}
			free <- b[:0]
		}
		done <- err
	}()
	buf := <-free
	rec := make([]byte, size)
	for seq := 0; int64(seq)*int64(size) < total; seq++ {
		fillRecord(rec, seq)
		buf = append(buf, rec...)
		if len(buf) >= bufSize {
			full <- buf
			buf = <-free
		}
	}
	if len(buf) > 0 {
		full <- buf
	}
	close(full)
	return <-done
}

// RecordsRing writes the same records through an asynchronous writer that
// never parks: a ring of nbuf 64 KiB buffers between the producer and a
// goroutine locked to its own thread, both waiting by spinning on atomic
// counters. It pays no wake-up at all, and burns the second core to do so.
// It is the best overlap a second core can give this workload; no writer
// that parks when idle can beat it.
func RecordsRing(dst io.Writer, size int, total int64, nbuf int) error {
	const bufSize = 64 << 10
	bufs := make([][]byte, nbuf)
	for i := range bufs {
		bufs[i] = make([]byte, 0, bufSize+size)
	}
	var filled, written atomic.Int64 // buffers handed over, and written
	var closed atomic.Bool
	done := make(chan error, 1)
	go func() {
		goruntime.LockOSThread()
		defer goruntime.UnlockOSThread()
		var err error
		for idle := 0; ; idle++ {
			if n := written.Load(); n < filled.Load() {
				if err == nil {
					_, err = dst.Write(bufs[n%int64(nbuf)])
				}
				written.Store(n + 1)
				idle = 0
				continue
			}
			if closed.Load() && written.Load() == filled.Load() {
				break
			}
			if idle%1024 == 1023 {
				goruntime.Gosched() // in case this thread is all there is
			}
		}
		done <- err
	}()
	rec := make([]byte, size)
	cur := bufs[0]
	hand := func() {
		n := filled.Load()
		bufs[n%int64(nbuf)] = cur
		filled.Store(n + 1)
		for n+1-written.Load() >= int64(nbuf) {
			goruntime.Gosched()
		}
		cur = bufs[(n+1)%int64(nbuf)][:0]
	}
	for seq := 0; int64(seq)*int64(size) < total; seq++ {
		fillRecord(rec, seq)
		cur = append(cur, rec...)
		if len(cur) >= bufSize {
			hand()
		}
	}
	if len(cur) > 0 {
		hand()
	}
	closed.Store(true)
	return <-done
}

// Peer is the reading end of the loopback socket: it accepts one
// connection, reads it to EOF and answers with the number of bytes read, so
// that the writer's time includes the peer having read everything.
func Peer(ln net.Listener) error {
	c, err := ln.Accept()
	if err != nil {
		return err
	}
	defer c.Close()
	n, err := io.CopyBuffer(io.Discard, c, make([]byte, 64<<10))
	if err != nil {
		return err
	}
	return binary.Write(c, binary.LittleEndian, n)
}

// finishTCP half-closes c and waits for the peer's byte count.
func finishTCP(c *net.TCPConn, sent int64) error {
	if err := c.CloseWrite(); err != nil {
		return err
	}
	var got int64
	if err := binary.Read(c, binary.LittleEndian, &got); err != nil {
		return err
	}
	if got != sent {
		return fmt.Errorf("peer read %d bytes, %d sent", got, sent)
	}
	return nil
}
