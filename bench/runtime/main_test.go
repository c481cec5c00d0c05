package main

import (
	"bytes"
	"encoding/binary"
	"io"
	"net"
	"strconv"
	"strings"
	"testing"

	"github.com/bpvet/bpvet/internal/lab"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// Each peer writes exactly BufioLines' bytes; the diode writes a subset of
// the lines, in order, one per call.
func TestLinePeers(t *testing.T) {
	const n = 20_000
	var want bytes.Buffer
	if err := lab.BufioLines(&want, n); err != nil {
		t.Fatal(err)
	}
	for name, run := range map[string]func(io.Writer) error{
		"zap":  func(w io.Writer) error { return ZapLines(w, n) },
		"chan": func(w io.Writer) error { return ChanLines(w, n) },
	} {
		var got bytes.Buffer
		if err := run(&got); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("%s: wrote %d bytes unlike bufio's %d", name, got.Len(), want.Len())
		}
	}

	var got bytes.Buffer
	c := &Counter{W: &got}
	if err := DiodeLines(c, n); err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(got.String(), "\n")
	lines = lines[:len(lines)-1]
	if int64(len(lines)) != c.Calls || len(lines) == 0 {
		t.Fatalf("diode: %d lines in %d calls", len(lines), c.Calls)
	}
	last := -1
	for _, l := range lines {
		i, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(l, "line "), "\n"))
		if err != nil || i <= last || i >= n {
			t.Fatalf("diode: line %q after line %d", l, last)
		}
		last = i
	}
}

// The runtime and bufio deliver the same records, and the TCP peer counts
// every byte.
func TestRecords(t *testing.T) {
	for _, size := range []int{1, 1000, 70_000} {
		var a, b, p, r bytes.Buffer
		total := int64(3*size + 100_000)
		if err := RecordsRuntime(&a, size, total, size == 1000); err != nil {
			t.Fatal(err)
		}
		if err := RecordsBufio(&b, size, total); err != nil {
			t.Fatal(err)
		}
		if err := RecordsPipe(&p, size, total, 2); err != nil {
			t.Fatal(err)
		}
		if err := RecordsRing(&r, size, total, 2); err != nil {
			t.Fatal(err)
		}
		if a.Len() < int(total) || !bytes.Equal(a.Bytes(), b.Bytes()) || !bytes.Equal(p.Bytes(), b.Bytes()) || !bytes.Equal(r.Bytes(), b.Bytes()) {
			t.Errorf("size %d: runtime wrote %d bytes, pipe %d, ring %d, bufio %d, want the same >= %d", size, a.Len(), p.Len(), r.Len(), b.Len(), total)
		}
		if size >= 8 && binary.LittleEndian.Uint64(a.Bytes()[size:]) != 1 {
			t.Errorf("size %d: the second record does not start with its number", size)
		}
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	peer := make(chan error, 1)
	go func() { peer <- Peer(ln) }()
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	c := &Counter{W: conn}
	if err := RecordsRuntime(c, 4096, 1<<20, false); err != nil {
		t.Fatal(err)
	}
	if err := finishTCP(conn.(*net.TCPConn), c.Nbytes); err != nil {
		t.Fatal(err)
	}
	if err := <-peer; err != nil {
		t.Fatal(err)
	}
	if c.Nbytes != 1<<20 {
		t.Fatalf("sent %d bytes, want %d", c.Nbytes, 1<<20)
	}
}
