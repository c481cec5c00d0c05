package lab

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
	"time"
)

func TestRSS(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc")
	}
	cur, err := RSS()
	if err != nil {
		t.Fatal(err)
	}
	peak, err := PeakRSS() // read second: the peak includes cur
	if err != nil {
		t.Fatal(err)
	}
	of, err := RSSOf(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	if cur <= 0 || of <= 0 || peak < cur {
		t.Fatalf("RSS %d, RSSOf %d, peak %d", cur, of, peak)
	}
	if got := MiB(3<<20, nil); got != "3.0 MiB" {
		t.Fatalf("MiB = %q", got)
	}
}

// Paced's timing is the benchmarks' business; here, what holds at any
// speed: the bytes, W's errors, each write's charge on the link, how far
// idle time is made up, and CreatePaced's settings.
func TestPaced(t *testing.T) {
	var rec recorder
	// A link an hour behind, with a burst of two: no Write sleeps, and
	// none is reset by the burst, so each moves next by exactly its charge.
	p := &Paced{W: &rec, Rate: 8 << 20, Burst: 2 * time.Hour, next: time.Now().Add(-time.Hour)}
	sizes := []int{64 << 10, 256 << 10, 0, 128 << 10}
	charges := []time.Duration{7812500, 31250000, 0, 15625000} // size / 8 MiB/s, exact
	var want []byte
	for i, size := range sizes {
		b := bytes.Repeat([]byte{byte('a' + i)}, size)
		want = append(want, b...)
		before := p.next
		if n, err := p.Write(b); n != size || err != nil {
			t.Fatalf("Write(%d bytes) = %d, %v", size, n, err)
		}
		if got := p.next.Sub(before); got != charges[i] {
			t.Errorf("a %d-byte write moved the link by %v, want %v", size, got, charges[i])
		}
	}
	if !bytes.Equal(rec.Bytes(), want) || !slices.Equal(rec.sizes, sizes) {
		t.Errorf("W got writes of %v, want %v, the bytes in order", rec.sizes, sizes)
	}

	// A link idle for long makes up at most Burst: next starts from
	// Burst before the Write.
	p = &Paced{W: io.Discard, Rate: 1 << 30, Burst: time.Hour}
	lo := time.Now().Add(-time.Hour)
	p.Write(nil)
	if hi := time.Now().Add(-time.Hour); p.next.Before(lo) || p.next.After(hi) {
		t.Errorf("after a long idle time the link restarted at %v, want Burst before the Write, within [%v, %v]", p.next, lo, hi)
	}

	// W's error comes back as it is.
	p = &Paced{W: failWriter{}, Rate: 1 << 30}
	if n, err := p.Write([]byte("x")); n != 0 || err != errFail {
		t.Errorf("Write to a failing W = %d, %v, want 0, %v", n, err, errFail)
	}
}

var errFail = errors.New("write failed")

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errFail }

// CreatePaced paces only when given a rate, with a 20 ms burst, and the
// bytes reach the file.
func TestCreatePaced(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out")
	for _, rate := range []int64{0, 1 << 30} {
		w, err := CreatePaced(path, rate)
		if err != nil {
			t.Fatal(err)
		}
		switch p, paced := w.(*Paced); {
		case rate == 0 && paced:
			t.Errorf("rate 0: got a Paced writer, want the file itself")
		case rate > 0 && !paced:
			t.Errorf("rate %d: got %T, want a *Paced", rate, w)
		case paced && (p.Rate != rate || p.Burst != 20*time.Millisecond):
			t.Errorf("rate %d: Rate %d, Burst %v; want Rate %d, Burst 20ms", rate, p.Rate, p.Burst, rate)
		}
		if _, err := w.Write([]byte("x")); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		if p, ok := w.(*Paced); ok {
			if _, err := p.W.Write(nil); !errors.Is(err, os.ErrClosed) {
				t.Errorf("after Close, writing to the file = %v, want os.ErrClosed: Close did not close it", err)
			}
		}
		if b, err := os.ReadFile(path); err != nil || string(b) != "x" {
			t.Errorf("rate %d: the file holds %q, %v; want \"x\"", rate, b, err)
		}
	}
}

// recorder keeps the bytes and the size of each Write it is given.
type recorder struct {
	bytes.Buffer
	sizes []int
}

func (r *recorder) Write(p []byte) (int, error) {
	r.sizes = append(r.sizes, len(p))
	return r.Buffer.Write(p)
}

func TestMutexLinesMatchesBufio(t *testing.T) {
	// 100_000 lines are about 1.1 MB: many 64 KiB flushes and a partial one.
	for _, n := range []int{0, 1, 10, 100_000} {
		var b, m recorder
		if err := BufioLines(&b, n); err != nil {
			t.Fatal(err)
		}
		if err := MutexLines(&m, n); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(m.Bytes(), b.Bytes()) {
			t.Errorf("n=%d: MutexLines wrote %d bytes unlike BufioLines' %d", n, m.Len(), b.Len())
		}
		if !slices.Equal(m.sizes, b.sizes) {
			t.Errorf("n=%d: MutexLines' writes to dst %v, BufioLines' %v", n, m.sizes, b.sizes)
		}
		if n == 100_000 && len(b.sizes) < 10 {
			t.Errorf("n=%d: %d writes to dst, want several flushes", n, len(b.sizes))
		}
	}
	var b bytes.Buffer
	if err := MutexLines(&b, 3); err != nil || b.String() != "line 0\nline 1\nline 2\n" {
		t.Fatalf("MutexLines(3) = %q, %v", b.String(), err)
	}
}
