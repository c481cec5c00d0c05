// Command bpvet reports code that ignores backpressure: write signals
// dropped in loops (BP001) and persistent drain listeners (BP002).
//
// One binary serves every driver:
//
//	bpvet [-fix] [-diff] [-json] [-rules=...] [-funcs=...] [-exclude=...] [-generated] ./...
//	go vet -vettool=$(which bpvet) [-fix] ./...
//	go fix -fixtool=$(which bpvet) ./...
//	bpvet help BP001    (or bpvet -explain BP001)
//
// Exit codes are those of the go/analysis drivers: 0 clean, 1 error,
// 3 findings (standalone), 2 for a bad flag.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strings"

	"github.com/bpvet/bpvet/analyzer"
	"golang.org/x/tools/go/analysis/singlechecker"
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
	if err := checkPatterns(patterns(args)); err != nil {
		fmt.Fprintf(os.Stderr, "bpvet: %v\n", err)
		os.Exit(1)
	}
	singlechecker.Main(analyzer.Analyzer)
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

// boolFlags are the flags that take no separate value.
var boolFlags = map[string]bool{
	"V": true, "all": true, "diff": true, "fix": true, "flags": true, "generated": true,
	"h": true, "help": true, "json": true, "source": true, "test": true, "v": true,
}

// patterns returns the positional arguments, following the flag package's
// rules: flags stop at the first non-flag argument or "--".
func patterns(args []string) []string {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return args[i+1:]
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			return args[i:]
		}
		name := strings.TrimLeft(a, "-")
		if !strings.Contains(name, "=") && !boolFlags[name] {
			i++ // the value is the next argument
		}
	}
	return nil
}

// checkPatterns reports the first package pattern the go command cannot
// resolve, on one line, before the driver loads anything. The
// go vet protocol (a single .cfg file) and the always-valid std and cmd are
// not checked.
func checkPatterns(pats []string) error {
	var check []string
	for _, p := range pats {
		switch {
		case strings.HasSuffix(p, ".cfg") && len(pats) == 1:
			return nil
		case p == "std" || p == "cmd":
		default:
			check = append(check, p)
		}
	}
	if len(check) == 0 {
		return nil
	}
	cmd := exec.Command("go", append([]string{"list", "-e", "-find", "-f", "{{with .Error}}{{.}}{{end}}", "--"}, check...)...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	msg := strings.TrimSpace(string(out))
	if err != nil {
		msg = strings.TrimSpace(stderr.String())
	}
	if msg == "" {
		return nil
	}
	first, _, _ := strings.Cut(msg, "\n")
	first, _, _ = strings.Cut(first, "; to add it")
	return fmt.Errorf("%s", strings.TrimSpace(first))
}
