package lab

import (
	"io"
	"os"
	"path/filepath"
	"runtime"
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
