// Command gzip compresses a file with runtime.Pipeline, the Go form of the
// explainer's pipeline(createReadStream, createGzip(), createWriteStream).
// Without a file argument it compresses generated lines. Memory stays
// constant whatever the input size; Ctrl-C cancels cleanly.
//
//	go run ./examples/gzip [-o out.gz] [-level 6] [-lines 3000000] [file]
package main

import (
	"compress/gzip"
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"time"

	"github.com/bpvet/bpvet/internal/lab"
	"github.com/bpvet/bpvet/runtime"
)

func main() {
	out := flag.String("o", "", "output file (default: the input's name plus .gz, or generated.gz in the temp dir)")
	level := flag.Int("level", gzip.DefaultCompression, "gzip level, 1 (fastest) to 9 (smallest); the default is Node's")
	lines := flag.Int("lines", 3_000_000, "lines to generate when no file is given")
	flag.Parse()

	var src io.Reader
	name := filepath.Join(os.TempDir(), "generated")
	if flag.NArg() > 0 {
		name = flag.Arg(0)
		f, err := os.Open(name)
		if err != nil {
			log.Fatal(err)
		}
		defer f.Close() // Pipeline does not close the source
		src = f
	} else {
		src = &lineGen{n: *lines}
	}
	if *out == "" {
		*out = name + ".gz"
	}
	dst, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	counted := &counter{r: src}
	start := time.Now()
	// Pipeline closes dst, and on failure every stage too.
	err = runtime.Pipeline(ctx, counted, dst, runtime.StageOfLevel(gzip.NewWriterLevel, *level))
	if err != nil {
		log.Fatal(err)
	}
	fi, err := os.Stat(*out)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("compressed %d bytes to %d in %s (%v), peak RSS %s\n", counted.n, fi.Size(), *out,
		time.Since(start).Round(time.Millisecond), lab.MiB(lab.PeakRSS()))
}

// counter counts the bytes read through it.
type counter struct {
	r io.Reader
	n int64
}

func (c *counter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// lineGen produces "line 0\n" to "line n-1\n", the explainer's output,
// without holding more than one Read's worth.
type lineGen struct {
	i, n int
	buf  []byte
}

func (g *lineGen) Read(p []byte) (int, error) {
	for len(g.buf) < len(p) && g.i < g.n {
		g.buf = append(strconv.AppendInt(append(g.buf, "line "...), int64(g.i), 10), '\n')
		g.i++
	}
	if len(g.buf) == 0 {
		return 0, io.EOF
	}
	n := copy(p, g.buf)
	g.buf = g.buf[:copy(g.buf, g.buf[n:])]
	return n, nil
}
