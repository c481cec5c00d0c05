// Command runtime-bench runs one of the explainer's workloads in this
// process and prints one line: mode, N, wall seconds, peak RSS (VmHWM) in KiB.
// run.sh starts it once per mode so that each RSS figure is its own.
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/bpvet/bpvet/internal/lab"
)

func main() {
	mode := flag.String("mode", "drain", "drain | bufio | mutex | objects | chan")
	n := flag.Int("n", 5_000_000, "lines or values")
	out := flag.String("out", os.DevNull, "destination file for byte modes")
	flag.Parse()

	start := time.Now()
	var err error
	switch *mode {
	case "drain":
		err = withFile(*out, func(f *os.File) error { _, err := lab.DrainLines(f, *n); return err })
	case "bufio":
		err = withFile(*out, func(f *os.File) error { return lab.BufioLines(f, *n) })
	case "mutex":
		err = withFile(*out, func(f *os.File) error { return lab.MutexLines(f, *n) })
	case "objects":
		err = lab.Objects(*n)
	case "chan":
		err = lab.Channel(*n)
	default:
		err = fmt.Errorf("-mode: unknown mode %q", *mode)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "runtime-bench:", err)
		os.Exit(1)
	}
	elapsed := time.Since(start)
	peak, err := lab.PeakRSS()
	if err != nil {
		fmt.Fprintln(os.Stderr, "runtime-bench:", err)
		os.Exit(1)
	}
	fmt.Printf("%s %d %.3f %d\n", *mode, *n, elapsed.Seconds(), peak>>10)
}

func withFile(path string, fn func(*os.File) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := fn(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
