// Command bpgen generates typed, drain-aware writers around
// [github.com/bpvet/bpvet/runtime], for go generate. Add it to a module as
// a tool, which go mod tidy keeps even before the first generation:
//
//	go get -tool github.com/bpvet/bpvet/cmd/bpgen
//
// and name it in the package that declares the types:
//
//	//go:generate go tool bpgen -type=Event
//	//go:generate go tool bpgen -iface=Uploader -methods=Send
//
// For a one-off run outside go generate, go run
// github.com/bpvet/bpvet/cmd/bpgen@latest takes the same flags.
//
// -type=T generates TWriter, a runtime.Writer[T] with T's defaults, and
// NewTWriter; -type=*T writes *T values. -iface=I generates IWriter, whose
// methods queue the calls of I and return the write signal; the runtime's
// flusher makes the calls in order. -methods selects which methods of I to
// queue, so that a gRPC client stream's Send can be queued while the caller
// keeps CloseAndRecv for after End. See package
// [github.com/bpvet/bpvet/gen] for what is generated.
//
// The optional argument is the package directory (default "."). The output
// goes to -output, by default <first name>_bpwriter.go in that directory,
// and is replaced atomically: on error nothing is written, bpgen prints one
// line that starts with the flag or the file:line at fault, and exits with
// status 2.
//
// Usage:
//
//	bpgen -type T[,T...] [flags] [dir]
//	bpgen -iface I[,I...] [-methods M[,M...]] [flags] [dir]
//
// bpgen -help describes every flag.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/bpvet/bpvet/gen"
)

const usage = `usage: bpgen -type T[,T...] [flags] [dir]
       bpgen -iface I[,I...] [-methods M[,M...]] [flags] [dir]

bpgen writes typed, drain-aware writers around github.com/bpvet/bpvet/runtime
for the named types and interfaces of the package in dir (default "."),
into <first name>_bpwriter.go there. In go generate:

	//go:generate go tool bpgen -type=Event

Flags:
`

func main() {
	err := run(os.Args[1:], os.Stderr, writeFile)
	switch {
	case errors.Is(err, flag.ErrHelp): // usage is printed
	case err != nil:
		fmt.Fprintln(os.Stderr, "bpgen:", err)
		os.Exit(2)
	}
}

// run parses args, generates, and hands the file to write. Help goes to
// stderr; errors are returned, not printed.
func run(args []string, stderr io.Writer, write func(path string, src []byte) error) error {
	fs := flag.NewFlagSet("bpgen", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // parse errors are returned as one line
	fs.Usage = func() {}     // and print no usage
	typeNames := fs.String("type", "", "comma-separated `names` of types to generate TWriter for; *T writes *T values")
	ifaceNames := fs.String("iface", "", "comma-separated `names` of interfaces to generate IWriter for, which queues their calls")
	methods := fs.String("methods", "", "comma-separated `names` of the -iface methods to queue (default all); each must return only error")
	output := fs.String("output", "", "output `file` (default <first name>_bpwriter.go in dir)")
	hwm := fs.Int("hwm", 0, "default highWaterMark of the generated constructors, `n` (default the runtime's: 16 values, or 64 KiB when a -type writer counts bytes)")
	size := fs.String("size", gen.SizeAuto, "what a -type writer's highWaterMark counts per value, as `mode` auto (Size(), else Len(), else len(v) for []byte- or string-based types, else count), count (one per value), Size, Len or bytes")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stderr, usage)
			fs.SetOutput(stderr)
			fs.PrintDefaults()
		}
		return err
	}
	hwmSet := false
	fs.Visit(func(f *flag.Flag) { hwmSet = hwmSet || f.Name == "hwm" })
	if hwmSet && *hwm == 0 {
		return errors.New("-hwm: 0 is not a mark bpgen sets; omit -hwm for the runtime's default, or pass runtime.WithHighWaterMark(0) to the constructor")
	}
	dir := "."
	switch fs.NArg() {
	case 0:
	case 1:
		dir = fs.Arg(0)
	default:
		return fmt.Errorf("at most one package directory, got %q", fs.Args())
	}
	o := gen.Options{Types: split(*typeNames), Ifaces: split(*ifaceNames), Methods: split(*methods), HWM: *hwm, Size: *size}
	if err := o.Check(); err != nil { // before loading, which takes a while
		return err
	}
	out := *output
	if out == "" {
		out = filepath.Join(dir, gen.DefaultOutput(o))
	}
	pkg, err := gen.Load(dir, out)
	if err != nil {
		return err
	}
	src, err := pkg.Generate(o)
	if err != nil {
		return err
	}
	return write(out, src)
}

func split(s string) []string {
	var names []string
	for n := range strings.SplitSeq(s, ",") {
		if n = strings.TrimSpace(n); n != "" {
			names = append(names, n)
		}
	}
	return names
}

// writeFile replaces path with src through a temporary file in the same
// directory, so that path is never left half-written. An unchanged file is
// not touched.
func writeFile(path string, src []byte) error {
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, src) {
		return nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".bpgen-*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename, a no-op
	if _, err := tmp.Write(src); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
