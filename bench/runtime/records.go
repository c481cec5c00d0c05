package main

import (
	"bufio"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"net"

	"github.com/bpvet/bpvet/runtime"
)

// A Counter counts the Write calls its destination receives: with a file or
// a socket behind it, each one is a write system call.
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
