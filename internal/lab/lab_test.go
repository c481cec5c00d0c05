package lab

import (
	"bytes"
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

func TestPaced(t *testing.T) {
	p := &Paced{W: io.Discard, Rate: 8 << 20}
	start := time.Now()
	for range 4 {
		p.Write(make([]byte, 256<<10)) // 1 MiB in all: 125 ms at 8 MiB/s
	}
	if d := time.Since(start); d < 120*time.Millisecond || d > 2*time.Second {
		t.Fatalf("1 MiB at 8 MiB/s took %v", d)
	}
}

func TestCreatePaced(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out")
	for _, rate := range []int64{0, 1 << 30} {
		w, err := CreatePaced(path, rate)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte("x")); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
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
