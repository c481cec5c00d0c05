// Command runtime-bench runs one workload in this process and prints one
// line: mode, wall seconds, CPU seconds (user+system, whole process), peak
// RSS (VmHWM) in KiB, write calls and bytes the destination received, and
// the lines lost (only the diode loses any). run.sh starts it once per run
// so that each RSS figure is its own.
//
// Modes:
//
//	drain, waitdrain, bufio, mutex, zap, diode, chanlines: -n lines "line i\n" to -out
//	slog-face, slog-mutex, slog-zap: -n slog JSON records to -out, paced at -rate bytes/s when > 0
//	slog-alternating: -n slog JSON records to -out through each of the three, in turns of -chunk;
//	  prints a line per writer (alt-face, alt-mutex, alt-zap), with the process's peak RSS
//	records-runtime, records-waitdrain, records-bufio, records-pipe, records-ring: -total bytes of -size records to -sink (null, file or tcp)
//	objects, chan: -n structs through a Writer[T] or a channel of capacity 16
//	peer: listen on 127.0.0.1, print the address, read one connection (internal)
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	goruntime "runtime"
	"runtime/pprof"
	"syscall"
	"time"

	"github.com/bpvet/bpvet/internal/lab"
)

func main() {
	mode := flag.String("mode", "drain", "workload, see the command doc")
	n := flag.Int("n", 5_000_000, "lines or values")
	out := flag.String("out", os.DevNull, "destination file of the line modes")
	size := flag.Int("size", 1<<10, "record size in bytes")
	total := flag.Int64("total", 64<<20, "bytes of records")
	sink := flag.String("sink", "file", "destination of the record modes: null, file or tcp")
	prof := flag.String("cpuprofile", "", "write a CPU profile of the run to this file")
	procs := flag.Int("procs", 0, "set GOMAXPROCS to this when > 0")
	rate := flag.Int64("rate", 0, "pace -out at this many bytes/s when > 0: a slow sink")
	chunk := flag.Int("chunk", 5_000, "records per turn of slog-alternating")
	flag.Parse()
	if *procs > 0 {
		goruntime.GOMAXPROCS(*procs)
	}
	if *prof != "" {
		f, err := os.Create(*prof)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "runtime-bench:", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	if err := run(*mode, *n, *out, *size, *total, *sink, *rate, *chunk); err != nil {
		pprof.StopCPUProfile()
		fmt.Fprintln(os.Stderr, "runtime-bench:", err)
		os.Exit(1)
	}
}

// A result is what one run prints.
type result struct {
	wall, cpu     time.Duration
	calls, nbytes int64
	lost          int64
}

func run(mode string, n int, out string, size int, total int64, sink string, rate int64, chunk int) error {
	if mode == "peer" {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return err
		}
		fmt.Println(ln.Addr())
		return Peer(ln)
	}
	var rs []named // a line per writer, or else one for the mode
	var r result
	var err error
	switch mode {
	case "slog-alternating":
		rs, err = runAlternating(n, out, chunk)
	case "records-runtime", "records-waitdrain", "records-bufio", "records-pipe", "records-ring":
		r, err = runRecords(mode, size, total, sink)
	default:
		r, err = runLines(mode, n, out, rate)
	}
	if err != nil {
		return err
	}
	if rs == nil {
		rs = []named{{mode, r}}
	}
	peak, err := lab.PeakRSS()
	if err != nil {
		return err
	}
	for _, x := range rs {
		fmt.Printf("%s %.4f %.4f %d %d %d %d\n", x.name, x.r.wall.Seconds(), x.r.cpu.Seconds(), peak>>10, x.r.calls, x.r.nbytes, x.r.lost)
	}
	return nil
}

// A named result is one printed line.
type named struct {
	name string
	r    result
}

// runAlternating runs slog-alternating: a result per writer.
func runAlternating(n int, out string, chunk int) ([]named, error) {
	if chunk <= 0 {
		return nil, fmt.Errorf("-chunk %d: want > 0", chunk)
	}
	f, err := os.Create(out)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rs, err := SlogAlternating([3]io.Writer{f, f, f}, n, chunk, nil)
	if err != nil {
		return nil, err
	}
	return []named{{"alt-face", rs[0]}, {"alt-mutex", rs[1]}, {"alt-zap", rs[2]}}, nil
}

// runLines runs a line, slog or object mode and times it.
func runLines(mode string, n int, out string, rate int64) (result, error) {
	f, err := os.Create(out)
	if err != nil {
		return result{}, err
	}
	defer f.Close()
	c := &Counter{W: f}
	var dst io.Writer = c
	if rate > 0 {
		dst = &lab.Paced{W: c, Rate: rate, Burst: 20 * time.Millisecond}
	}
	var lost int64
	r, err := timed(func() error {
		switch mode {
		case "drain":
			_, err := lab.DrainChanLines(c, n)
			return err
		case "waitdrain":
			_, err := lab.DrainLines(c, n)
			return err
		case "bufio":
			return lab.BufioLines(c, n)
		case "mutex":
			return lab.MutexLines(c, n)
		case "zap":
			return ZapLines(c, n)
		case "diode":
			log.SetOutput(io.Discard) // the diode logs each collision
			err := DiodeLines(c, n)
			lost = int64(n) - c.Calls // one call per line kept
			return err
		case "chanlines":
			return ChanLines(c, n)
		case "slog-face":
			return SlogFace(dst, n, nil)
		case "slog-mutex":
			return SlogMutex(dst, n, nil)
		case "slog-zap":
			return SlogZap(dst, n, nil)
		case "objects":
			return lab.Objects(n)
		case "chan":
			return lab.Channel(n)
		}
		return fmt.Errorf("-mode: unknown mode %q", mode)
	})
	r.calls, r.nbytes, r.lost = c.Calls, c.Nbytes, lost
	return r, err
}

// runRecords writes records to a new file or to a peer process over
// loopback TCP, and times the writes up to the file's close or the peer's
// acknowledgement of every byte.
func runRecords(mode string, size int, total int64, sink string) (result, error) {
	var dst io.Writer
	var finish func() error
	switch sink {
	case "null":
		f, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
		if err != nil {
			return result{}, err
		}
		defer f.Close()
		dst, finish = f, f.Close
	case "file":
		dir, err := os.MkdirTemp("", "runtime-bench")
		if err != nil {
			return result{}, err
		}
		defer os.RemoveAll(dir)
		f, err := os.Create(filepath.Join(dir, "records"))
		if err != nil {
			return result{}, err
		}
		defer f.Close()
		dst, finish = f, f.Close
	case "tcp":
		conn, stop, err := dialPeer()
		if err != nil {
			return result{}, err
		}
		defer stop()
		dst = conn
	default:
		return result{}, fmt.Errorf("-sink: unknown sink %q", sink)
	}
	c := &Counter{W: dst}
	if conn, ok := dst.(*net.TCPConn); ok {
		finish = func() error { return finishTCP(conn, c.Nbytes) }
	}
	r, err := timed(func() error {
		var err error
		switch mode {
		case "records-runtime":
			err = RecordsRuntime(c, size, total, false)
		case "records-waitdrain":
			err = RecordsRuntime(c, size, total, true)
		case "records-pipe":
			err = RecordsPipe(c, size, total, 4)
		case "records-ring":
			err = RecordsRing(c, size, total, 4)
		default:
			err = RecordsBufio(c, size, total)
		}
		if err != nil {
			return err
		}
		return finish()
	})
	r.calls, r.nbytes = c.Calls, c.Nbytes
	return r, err
}

// dialPeer starts a peer process and connects to it.
func dialPeer() (*net.TCPConn, func(), error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, nil, err
	}
	cmd := exec.Command(exe, "-mode", "peer")
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, nil, err
	}
	stop := func() { cmd.Process.Kill(); cmd.Wait() }
	addr, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		stop()
		return nil, nil, fmt.Errorf("peer: %w", err)
	}
	conn, err := net.Dial("tcp", addr[:len(addr)-1])
	if err != nil {
		stop()
		return nil, nil, err
	}
	return conn.(*net.TCPConn), func() { conn.Close(); cmd.Wait() }, nil
}

// timed runs fn and returns its wall time and the process's CPU time over it.
func timed(fn func() error) (result, error) {
	cpu0 := cpuTime()
	start := time.Now()
	err := fn()
	return result{wall: time.Since(start), cpu: cpuTime() - cpu0}, err
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
