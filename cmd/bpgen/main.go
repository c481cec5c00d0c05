// Command bpgen generates typed, drain-aware writers around
// github.com/bpvet/bpvet/runtime, for go generate:
//
//	//go:generate go run github.com/bpvet/bpvet/cmd/bpgen -type=Event,Metric
//	//go:generate go run github.com/bpvet/bpvet/cmd/bpgen -iface=Publisher
//
// -type=T generates TWriter and NewTWriter; -type=*T writes *T values.
// -iface=I generates IWriter, which queues the calls of I and makes them in
// order from the runtime's flusher. Generic types are supported; generic
// interfaces are not.
//
// The optional argument is the package directory (default "."). The output
// goes to -output, by default <first name>_bpwriter.go in that directory,
// and is replaced atomically: on error nothing is written.
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

const usage = `usage: bpgen [-type T[,T...]] [-iface I[,I...]] [-output file] [-hwm n] [-size mode] [dir]

  -type    named types to generate TWriter for; *T writes *T values
  -iface   interfaces, with methods returning only error, to generate IWriter for
  -output  output file (default <first name>_bpwriter.go in dir)
  -hwm     default highWaterMark (default: the runtime's, 64 KiB when counting bytes)
  -size    how a -type writer counts a value: auto, count, Size, Len or bytes
           (default auto: Size(), else Len(), else len for []byte or string
           types, else one per value)
`

func main() {
	err := run(os.Args[1:], writeFile)
	switch {
	case errors.Is(err, flag.ErrHelp): // usage is printed
	case err != nil:
		fmt.Fprintln(os.Stderr, "bpgen:", err)
		os.Exit(2)
	}
}

// run parses args, generates, and hands the file to write.
func run(args []string, write func(path string, src []byte) error) error {
	fs := flag.NewFlagSet("bpgen", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	typeNames := fs.String("type", "", "")
	ifaceNames := fs.String("iface", "", "")
	output := fs.String("output", "", "")
	hwm := fs.Int("hwm", -1, "")
	size := fs.String("size", "", "")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(os.Stderr, usage)
		}
		return err
	}
	hwmSet := false
	fs.Visit(func(f *flag.Flag) { hwmSet = hwmSet || f.Name == "hwm" })
	if hwmSet && *hwm < 0 {
		return fmt.Errorf("-hwm: %d is negative", *hwm)
	}
	dir := "."
	switch fs.NArg() {
	case 0:
	case 1:
		dir = fs.Arg(0)
	default:
		return fmt.Errorf("at most one package directory, got %q", fs.Args())
	}
	o := gen.Options{Types: split(*typeNames), Ifaces: split(*ifaceNames), HWM: *hwm, Size: *size}
	if len(o.Types) == 0 && len(o.Ifaces) == 0 {
		return errors.New("-type or -iface: at least one name is required")
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
