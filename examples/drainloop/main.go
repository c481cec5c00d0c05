// Command drainloop is the explainer's writeChunks loop in Go. It writes n
// lines to a file through a runtime.ByteWriter, stops as soon as Write
// returns false, resumes from a Once(EventDrain) listener, and ends the
// writer after the last line. Memory stays flat whatever n is.
//
//	go run ./examples/drainloop [-n 1000000] [-o file] [-hwm bytes] [-rate bytes/s]
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/bpvet/bpvet/internal/lab"
	"github.com/bpvet/bpvet/runtime"
)

func main() {
	n := flag.Int("n", 1_000_000, "lines to write")
	out := flag.String("o", filepath.Join(os.TempDir(), "drainloop.txt"), "output file")
	hwm := flag.Int("hwm", runtime.DefaultByteHighWaterMark, "highWaterMark in bytes")
	rate := flag.Int64("rate", 0, "if > 0, pace the file to this many bytes per second, like a slow disk or peer")
	flag.Parse()

	dst, err := lab.CreatePaced(*out, *rate)
	if err != nil {
		log.Fatal(err)
	}
	w := runtime.NewByteWriter(dst, runtime.WithHighWaterMark(*hwm)) // End closes dst
	start := time.Now()
	done := make(chan error, 1)
	writeChunks(w, *n, done)
	if err := <-done; err != nil {
		log.Fatal(err)
	}
	elapsed := time.Since(start)
	peak, perr := lab.PeakRSS()

	lines, err := countLines(*out)
	if err != nil {
		log.Fatal(err)
	}
	st := w.Stats()
	fmt.Printf("%d lines in %s (%v)\n", lines, *out, elapsed.Round(time.Millisecond))
	fmt.Printf("drains %d, peak WritableLength %d bytes (highWaterMark %d), peak RSS %s\n",
		st.Drains, st.PeakLength, w.HighWaterMark(), lab.MiB(peak, perr))
}

// writeChunks follows the explainer line by line: write until Write says
// stop, then wait for one drain; the final write is followed by End, which
// flushes it and closes the file, and its result goes to done.
func writeChunks(w *runtime.ByteWriter, total int, done chan<- error) {
	if total == 0 {
		done <- w.End()
		return
	}
	i := 0
	var line []byte
	var next func()
	next = func() {
		ok := true
		for i < total && ok {
			last := i == total-1
			line = fmt.Appendf(line[:0], "line %d\n", i)
			ok = w.Write(line) // Write copies line, so it can be reused
			i++
			if last {
				done <- w.End()
			}
		}
		if i < total {
			// Backpressure: resume once the buffer has drained.
			w.Once(runtime.EventDrain, next)
		}
	}
	next()
}

// countLines is wc -l.
func countLines(path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	n := 0
	buf := make([]byte, 64<<10)
	for {
		k, err := f.Read(buf)
		n += bytes.Count(buf[:k], []byte{'\n'})
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
	}
}
