package runtime_test

import (
	"compress/gzip"
	"context"
	"io"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/bpvet/bpvet/runtime"
)

func benchInput() []byte {
	r := rand.New(rand.NewPCG(1, 2))
	b := make([]byte, 0, 1<<20)
	for len(b) < 1<<20 {
		b = append(b, "line status=200 bytes="...)
		b = append(b, byte('0'+r.IntN(10)), byte('0'+r.IntN(10)), byte('0'+r.IntN(10)), '\n')
	}
	return b
}

type rep struct {
	b    []byte
	off  int
	left int64
}

func (g *rep) Read(p []byte) (int, error) {
	if g.left == 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > g.left {
		p = p[:g.left]
	}
	n := copy(p, g.b[g.off:])
	g.off = (g.off + n) % len(g.b)
	g.left -= int64(n)
	return n, nil
}

func BenchmarkTmpPipeline(b *testing.B) {
	in := benchInput()
	b.SetBytes(32 << 20)
	for i := 0; i < b.N; i++ {
		runtime.Pipeline(context.Background(), &rep{b: in, left: 32 << 20}, io.Discard, runtime.StageOfLevel(gzip.NewWriterLevel, 1))
	}
}

func BenchmarkTmpIOCopy(b *testing.B) {
	in := benchInput()
	b.SetBytes(32 << 20)
	for i := 0; i < b.N; i++ {
		zw, _ := gzip.NewWriterLevel(io.Discard, 1)
		io.Copy(zw, &rep{b: in, left: 32 << 20})
		zw.Close()
	}
}

func BenchmarkTmpCopy(b *testing.B) {
	out, _ := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	for i := 0; i < b.N; i++ {
		in, _ := os.Open("/tmp/bpbench-256m.dat")
		n, _ := runtime.Copy(context.Background(), out, in)
		b.SetBytes(n)
		in.Close()
	}
}

func BenchmarkTmpIOCopyFile(b *testing.B) {
	out, _ := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	for i := 0; i < b.N; i++ {
		in, _ := os.Open("/tmp/bpbench-256m.dat")
		n, _ := io.Copy(out, in)
		b.SetBytes(n)
		in.Close()
	}
}
