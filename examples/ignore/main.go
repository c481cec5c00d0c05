// Command ignore is the explainer's "DON'T DO THIS" loop in Go: it calls
// Write n times and drops the result, so nothing stops the loop when the
// consumer falls behind. The writer's length and the process's RSS climb
// until End has delivered the backlog. bpvet reports the loop (BP001).
//
//	go run ./examples/ignore [-n 5000000] [-o file] [-rate bytes/s]
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"strconv"
	"time"

	"github.com/bpvet/bpvet/internal/lab"
	"github.com/bpvet/bpvet/runtime"
)

func main() {
	n := flag.Int("n", 5_000_000, "writes")
	out := flag.String("o", os.DevNull, "output file")
	rate := flag.Int64("rate", 32<<20, "bytes per second the consumer takes (0: as fast as the file does)")
	flag.Parse()

	// Go's flusher runs in parallel with the loop, so a consumer as fast as
	// /dev/null keeps up; a slower one (a socket, a throttled API) does not.
	dst, err := lab.CreatePaced(*out, *rate)
	if err != nil {
		log.Fatal(err)
	}
	w := runtime.NewByteWriter(dst)
	start := time.Now()
	step := max(*n/10, 1)
	var line []byte
	for i := 0; i < *n; i++ {
		line = strconv.AppendInt(append(line[:0], "line "...), int64(i), 10)
		line = append(line, '\n')
		w.Write(line) // DON'T DO THIS: the result says when to stop.
		if (i+1)%step == 0 {
			fmt.Printf("%9d writes  WritableLength %6.1f MiB  RSS %s\n",
				i+1, float64(w.WritableLength())/(1<<20), lab.MiB(lab.RSS()))
		}
	}
	fmt.Printf("loop done in %v; End delivers the backlog\n", time.Since(start).Round(time.Millisecond))
	if err := w.End(); err != nil {
		log.Fatal(err)
	}
	st := w.Stats()
	fmt.Printf("ended after %v: peak WritableLength %.1f MiB for a highWaterMark of %d KiB, peak RSS %s\n",
		time.Since(start).Round(time.Millisecond), float64(st.PeakLength)/(1<<20), w.HighWaterMark()>>10, lab.MiB(lab.PeakRSS()))
}
