package runtime_test

import (
	"bytes"
	"net"
	"testing"
	"time"

	"github.com/bpvet/bpvet/runtime"
)

// A ByteWriter over a loopback TCP connection whose reader is slow: the
// queue stays within the mark plus one chunk, and every byte arrives in
// order.
func TestSlowSocketReader(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	received := make(chan []byte, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			received <- nil
			return
		}
		defer c.Close()
		c.(*net.TCPConn).SetReadBuffer(64 * 1024)
		var got bytes.Buffer
		buf := make([]byte, 16*1024)
		for {
			n, err := c.Read(buf)
			got.Write(buf[:n])
			if err != nil {
				break
			}
			time.Sleep(time.Millisecond) // a slow consumer
		}
		received <- got.Bytes()
	}()

	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	conn.(*net.TCPConn).SetWriteBuffer(64 * 1024)
	const hwm, chunk, total = 16 * 1024, 1000, 2 << 20
	w := runtime.NewByteWriter(conn, runtime.WithHighWaterMark(hwm))
	var want bytes.Buffer
	p := make([]byte, chunk)
	for sent := 0; sent < total; sent += chunk {
		for i := range p {
			p[i] = byte(sent/chunk + i)
		}
		want.Write(p)
		if !w.Write(p) {
			if err := waitDrain(w); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := w.End(); err != nil { // closes conn, so the reader sees EOF
		t.Fatal(err)
	}
	got := recv(t, received, "reader")
	if !bytes.Equal(got, want.Bytes()) {
		t.Fatalf("received %d bytes, want %d, identical and in order", len(got), want.Len())
	}
	st := w.Stats()
	if st.PeakLength > hwm+chunk {
		t.Fatalf("peak length %d exceeds mark %d plus one chunk", st.PeakLength, hwm)
	}
	if st.Drains == 0 {
		t.Fatal("a slow reader never caused a drain: the test did not apply backpressure")
	}
	t.Logf("batches %d, drains %d, peak length %d", st.Batches, st.Drains, st.PeakLength)
}
