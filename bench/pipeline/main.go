// Command pipeline measures runtime.Pipeline and runtime.Copy against their
// synchronous io.Copy counterparts, each run in a child process so that its
// peak RSS is its own:
//
//   - gzip: a generated input (1 GiB by default) through gzip into /dev/null,
//     with runtime.Pipeline and with io.Copy into a gzip.Writer, writing to
//     /dev/null directly or through a 64 KiB bufio.Writer;
//   - copy: a file of the same size to /dev/null, with runtime.Copy and with
//     io.Copy.
//
// Usage: go run ./bench/pipeline [-size 1073741824] [-level 1] [-runs 3] [-copyruns 9]
package main

import (
	"bufio"
	"compress/gzip"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bpvet/bpvet/internal/lab"
	"github.com/bpvet/bpvet/runtime"
	gort "runtime"
)

var (
	size  = flag.Int64("size", 1<<30, "input size in bytes")
	level = flag.Int("level", gzip.BestSpeed, "gzip compression level")
	runs  = flag.Int("runs", 3, "runs of each gzip mode; the median is reported")
	cruns = flag.Int("copyruns", 9, "runs of each copy mode, which take a fraction of a second")
	file  = flag.String("file", filepath.Join(os.TempDir(), "bpvet-bench-copy.dat"), "input file for the copy modes (generated when missing or of another size)")
	only  = flag.String("modes", "gzip-iocopy,gzip-iocopy-bufio,gzip-pipeline,iocopy,copy", "modes to run, comma-separated")
	child = flag.String("child", "", "run one mode and print its elapsed nanoseconds and peak RSS (internal)")
)

func main() {
	flag.Parse()
	var err error
	if *child != "" {
		err = runChild(*child)
	} else {
		err = runParent()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "pipeline:", err)
		os.Exit(1)
	}
}

// A result is one child run: the operation's wall time and the process's
// peak RSS, VmHWM as the child read it (getrusage's ru_maxrss from wait4
// would also count this parent's memory, which the child shared until exec).
type result struct {
	elapsed time.Duration
	cpu     time.Duration // user + system, whole process
	rss     int64         // bytes
}

func runParent() error {
	if err := ensureFile(*file, *size); err != nil {
		return err
	}
	// Warm the page cache, so both copy modes read from memory.
	if _, err := measure("iocopy"); err != nil {
		return err
	}
	modes := strings.Split(*only, ",")
	res := map[string][]result{}
	for r := 0; r < max(*runs, *cruns); r++ {
		for _, m := range modes {
			if r >= *runs && strings.HasPrefix(m, "gzip") || r >= *cruns && !strings.HasPrefix(m, "gzip") {
				continue
			}
			x, err := measure(m)
			if err != nil {
				return err
			}
			res[m] = append(res[m], x)
		}
	}
	fmt.Printf("input %d MiB, gzip level %d, median of %d gzip and %d copy runs, interleaved; GOMAXPROCS %d, %d CPUs\n",
		*size>>20, *level, *runs, *cruns, gort.GOMAXPROCS(0), gort.NumCPU())
	fmt.Printf("%-18s %10s %10s %10s %12s\n", "mode", "time", "MB/s", "CPU", "peak RSS")
	med := map[string]result{}
	for _, m := range modes {
		med[m] = median(res[m])
		x := med[m]
		fmt.Printf("%-18s %9.2fs %10.0f %9.2fs %8.1f MiB\n", m, x.elapsed.Seconds(),
			float64(*size)/1e6/x.elapsed.Seconds(), x.cpu.Seconds(), float64(x.rss)/(1<<20))
	}
	if p, ok := med["gzip-pipeline"]; ok {
		rss := float64(p.rss) / (1 << 20)
		fmt.Printf("Pipeline peak RSS %.1f MiB (target < 32 MiB): %s\n", rss, verdict(rss < 32))
		if b, ok := med["gzip-iocopy"]; ok {
			r := p.elapsed.Seconds() / b.elapsed.Seconds()
			fmt.Printf("Pipeline/io.Copy+gzip time ratio %.2f (target <= 1.20): %s\n", r, verdict(r <= 1.2))
		}
		if b, ok := med["gzip-iocopy-bufio"]; ok {
			r := p.elapsed.Seconds() / b.elapsed.Seconds()
			fmt.Printf("Pipeline/io.Copy+gzip+bufio time ratio %.2f (target <= 1.20): %s\n", r, verdict(r <= 1.2))
		}
	}
	c, ok1 := med["copy"]
	b, ok2 := med["iocopy"]
	if ok1 && ok2 {
		r := c.elapsed.Seconds() / b.elapsed.Seconds()
		fmt.Printf("Copy/io.Copy time ratio %.2f (target <= 1.20): %s\n", r, verdict(r <= 1.2))
	}
	return nil
}

func verdict(ok bool) string {
	if ok {
		return "ok"
	}
	return "MISSED"
}

// measure runs one mode in a child process and returns the elapsed time and
// peak RSS it reports.
func measure(mode string) (result, error) {
	exe, err := os.Executable()
	if err != nil {
		return result{}, err
	}
	cmd := exec.Command(exe, "-child", mode, "-size", strconv.FormatInt(*size, 10),
		"-level", strconv.Itoa(*level), "-file", *file)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return result{}, fmt.Errorf("%s: %w", mode, err)
	}
	var ns, peak int64
	if _, err := fmt.Sscan(string(out), &ns, &peak); err != nil {
		return result{}, fmt.Errorf("%s: output %q: %w", mode, out, err)
	}
	cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	return result{elapsed: time.Duration(ns), cpu: cpu, rss: peak}, nil
}

func median(rs []result) result {
	t := slices.Clone(rs)
	slices.SortFunc(t, func(a, b result) int { return int(a.elapsed - b.elapsed) })
	m := t[len(t)/2]
	for _, r := range rs {
		m.rss = max(m.rss, r.rss) // report the worst peak
	}
	return m
}

func runChild(mode string) error {
	out, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	defer out.Close()
	ctx := context.Background()
	start := time.Now()
	var n int64
	switch mode {
	case "gzip-pipeline":
		err = runtime.Pipeline(ctx, newGen(*size), out, runtime.StageOfLevel(gzip.NewWriterLevel, *level))
		n = *size
	case "gzip-iocopy", "gzip-iocopy-bufio":
		// gzip.Writer writes to out a few hundred bytes at a time; the
		// bufio variant gathers them as Pipeline's queue does.
		var w io.Writer = out
		bw := bufio.NewWriterSize(out, 64<<10)
		if mode == "gzip-iocopy-bufio" {
			w = bw
		}
		var zw *gzip.Writer
		if zw, err = gzip.NewWriterLevel(w, *level); err != nil {
			return err
		}
		if n, err = io.Copy(zw, newGen(*size)); err == nil {
			err = errors.Join(zw.Close(), bw.Flush())
		}
	case "copy", "iocopy":
		var in *os.File
		if in, err = os.Open(*file); err != nil {
			return err
		}
		defer in.Close()
		if mode == "copy" {
			n, err = runtime.Copy(ctx, out, in)
		} else {
			n, err = io.Copy(out, in)
		}
	default:
		return fmt.Errorf("unknown mode %q", mode)
	}
	elapsed := time.Since(start)
	if err != nil {
		return err
	}
	if n != *size {
		return fmt.Errorf("%s: copied %d bytes, want %d", mode, n, *size)
	}
	peak, err := lab.PeakRSS()
	if err != nil {
		return err
	}
	fmt.Println(elapsed.Nanoseconds(), peak)
	return nil
}

// ensureFile writes size generated bytes to path unless it already holds
// that many.
func ensureFile(path string, size int64) error {
	if fi, err := os.Stat(path); err == nil && fi.Size() == size {
		return nil
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	_, err = io.Copy(f, newGen(size))
	return errors.Join(err, f.Close())
}

// gen is a generated input: log-like lines from a fixed seed, so gzip does
// real work, repeated from a 1 MiB block so generating costs a copy. It has
// only Read, so io.Copy uses its own buffer.
type gen struct {
	block []byte
	off   int
	left  int64
}

func newGen(n int64) *gen {
	r := rand.New(rand.NewPCG(1, 2))
	verbs := []string{"GET", "PUT", "POST", "DELETE"}
	var b []byte
	for len(b) < 1<<20 {
		b = fmt.Appendf(b, "2026-11-30T12:%02d:%02d.%03dZ %s /api/v1/items/%d status=%d bytes=%d user=u%05d dur=%dms\n",
			r.IntN(60), r.IntN(60), r.IntN(1000), verbs[r.IntN(len(verbs))], r.IntN(1e6),
			[]int{200, 200, 200, 404, 500}[r.IntN(5)], r.IntN(1e5), r.IntN(1e5), r.IntN(900))
	}
	return &gen{block: b[:1<<20], left: n}
}

func (g *gen) Read(p []byte) (int, error) {
	if g.left == 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > g.left {
		p = p[:g.left]
	}
	n := copy(p, g.block[g.off:])
	g.off = (g.off + n) % len(g.block)
	g.left -= int64(n)
	return n, nil
}
