// Command bpvet reports code that ignores backpressure: write signals
// dropped in loops (BP001) and persistent drain listeners (BP002).
//
// One binary serves every driver:
//
//	bpvet [-fix] [-diff] [-json] [-rules=...] [-funcs=...] [-exclude=...] [-signals=evidence|names] [-include-generated] ./...
//	go vet -vettool=$(which bpvet) [-fix] ./...
//	go fix -fixtool=$(which bpvet) ./...
//	bpvet help BP001    (or bpvet -explain BP001)
//
// A standalone run goes through the go command's vet driver, so it reuses
// the build cache and analyzes only packages that changed since the last
// run; -fix, -diff, -c and -test=false run in-process (see
// internal/driver). Exit codes are those of the go/analysis drivers:
// 0 clean, 1 error, 3 findings (standalone), 2 for a bad flag.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/bpvet/bpvet/analyzer"
	"github.com/bpvet/bpvet/internal/driver"
)

func main() {
	args := os.Args[1:]
	if len(args) > 0 && args[0] == "help" {
		os.Exit(help(os.Stdout, os.Stderr, args[1:]))
	}
	flag.Func("explain", "print the documentation of a rule (e.g. BP001) and exit", func(id string) error {
		doc, err := analyzer.Explain(id)
		if err != nil {
			return err
		}
		fmt.Print(doc)
		os.Exit(0)
		return nil
	})
	// A bad flag gets the flag package's one-line error; -h gets the full
	// usage.
	flag.CommandLine.Usage = func() {
		if slices.ContainsFunc(args, isHelpFlag) {
			usage(os.Stderr)
		}
	}
	driver.Main(analyzer.Analyzer)
}

func isHelpFlag(s string) bool {
	switch strings.TrimLeft(s, "-") {
	case "h", "help":
		return strings.HasPrefix(s, "-")
	}
	return false
}

func usage(w io.Writer) {
	a := analyzer.Analyzer
	fmt.Fprintf(w, "%s: %s\n\n", a.Name, a.Doc)
	fmt.Fprintf(w, "\nUsage:\n\n")
	fmt.Fprintf(w, "\tbpvet [-flag] [package...]\n")
	fmt.Fprintf(w, "\tgo vet -vettool=$(which bpvet) [-fix] [package...]\n")
	fmt.Fprintf(w, "\tgo fix -fixtool=$(which bpvet) [package...]\n")
	fmt.Fprintf(w, "\tbpvet help [rule...]\n\nFlags:\n")
	flag.CommandLine.SetOutput(w)
	flag.PrintDefaults()
}

// help prints the documentation of the named rules, or of all of them.
func help(stdout, stderr io.Writer, ids []string) int {
	if len(ids) == 0 {
		fmt.Fprintf(stdout, "%s: %s\n\nRules:\n\n", analyzer.Analyzer.Name, strings.SplitN(analyzer.Analyzer.Doc, "\n", 2)[0])
		for _, r := range analyzer.Rules {
			fmt.Fprintf(stdout, "\t%s  %s\n", r.ID, r.Title)
		}
		fmt.Fprintf(stdout, "\nRun \"bpvet help BP001\" for a rule's documentation, \"bpvet -h\" for flags.\n")
		return 0
	}
	for i, id := range ids {
		doc, err := analyzer.Explain(id)
		if err != nil {
			fmt.Fprintf(stderr, "bpvet: %v\n", err)
			return 2
		}
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		fmt.Fprint(stdout, doc)
	}
	return 0
}
