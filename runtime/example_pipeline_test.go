package runtime_test

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/bpvet/bpvet/runtime"
)

// Gzip a stream with constant memory, as Node's
// pipeline(createReadStream(...), createGzip(), createWriteStream(...)).
func ExamplePipeline() {
	src := strings.NewReader(strings.Repeat("line\n", 1000))
	var gz bytes.Buffer // a *os.File would be closed at the end
	if err := runtime.Pipeline(context.Background(), src, &gz, runtime.StageOf(gzip.NewWriter)); err != nil {
		fmt.Println(err)
		return
	}
	zr, _ := gzip.NewReader(&gz)
	out, _ := io.ReadAll(zr)
	fmt.Println(len(out), "bytes after a round trip")
	// Output: 5000 bytes after a round trip
}

// rot13 is a user transform: a Stage needs no adapter.
func rot13(w io.Writer) (io.Writer, error) { return rot13Writer{w}, nil }

type rot13Writer struct{ w io.Writer }

func (r rot13Writer) Write(p []byte) (int, error) {
	return r.w.Write(bytes.Map(func(c rune) rune {
		switch {
		case c >= 'a' && c <= 'z':
			return 'a' + (c-'a'+13)%26
		case c >= 'A' && c <= 'Z':
			return 'A' + (c-'A'+13)%26
		}
		return c
	}, p))
}

// Stages run in order from src to dst: here a user transform, then flate at
// a chosen level through StageOfLevel.
func ExampleStage() {
	var out bytes.Buffer
	err := runtime.Pipeline(context.Background(), strings.NewReader("Hello, pipeline"), &out,
		rot13, runtime.StageOfLevel(flate.NewWriter, flate.BestSpeed))
	if err != nil {
		fmt.Println(err)
		return
	}
	plain, _ := io.ReadAll(flate.NewReader(&out))
	fmt.Println(string(plain))
	// Output: Uryyb, cvcryvar
}

// Copy leaves dst open, so it may be os.Stdout.
func ExampleCopy() {
	n, err := runtime.Copy(context.Background(), os.Stdout, strings.NewReader("copied with backpressure\n"))
	fmt.Println(n, err)
	// Output:
	// copied with backpressure
	// 25 <nil>
}
