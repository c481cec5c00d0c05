// Package driver runs an analyzer from its own command line, serving every
// way Go users invoke analyzers.
//
// A standalone run ("tool ./...") goes through the go command's vet driver,
// as "go vet -vettool=tool -json": each package is type-checked once
// against its dependencies' export data, facts pass between packages
// through the build cache, and packages whose inputs did not change are not
// analyzed again. The in-process driver of x/tools (singlechecker) would
// instead load every dependency, and every test variant of it, from source
// as soon as an analyzer uses facts. The findings are printed as
// singlechecker prints them, with its exit codes: 0 clean, 1 error,
// 3 findings (0 with -json).
//
// Calls from go vet or go fix (the vet protocol: -V=full, -flags, or a .cfg
// file), and runs with flags only the in-process driver has (-fix, -diff,
// -c, -test=false, profiling and -debug), go to singlechecker unchanged.
package driver

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/singlechecker"
)

// Main runs a with the arguments in os.Args and exits. Flags registered on
// flag.CommandLine before the call are accepted in both modes.
func Main(a *analysis.Analyzer) {
	args := os.Args[1:]
	flags, pats := splitArgs(a, args)
	if len(pats) > 0 && !isVetConfig(pats) {
		if err := checkPatterns(pats); err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", a.Name, err)
			os.Exit(1)
		}
	}
	if !viaVet(flags, pats) {
		singlechecker.Main(a)
		return
	}
	os.Exit(runVet(a, flags, pats))
}

// inProcessOnly are the driver flags go vet cannot serve, mapped to the
// value under which go vet serves them anyway ("" for none).
var inProcessOnly = map[string]string{
	"V": "", "flags": "", "fix": "", "diff": "", "c": "", "debug": "",
	"cpuprofile": "", "memprofile": "", "trace": "", "h": "", "help": "",
	"test": "true",
}

// viaVet reports whether a run goes through go vet: it names packages and
// uses no flag that only the in-process driver serves.
func viaVet(flags, pats []string) bool {
	if len(pats) == 0 || isVetConfig(pats) {
		return false
	}
	for _, f := range flags {
		if !strings.HasPrefix(f, "-") {
			continue // the value of the flag before
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(f, "-"), "=")
		ok, only := inProcessOnly[name]
		if !only {
			continue
		}
		if !hasValue {
			value = "true" // a bool flag given bare
		}
		if ok == "" || value != ok {
			return false
		}
	}
	return true
}

// isVetConfig reports whether pats is the single .cfg file through which
// go vet and go fix call a vet tool.
func isVetConfig(pats []string) bool {
	return len(pats) == 1 && strings.HasSuffix(pats[0], ".cfg")
}

// driverBoolFlags are the drivers' flags that take no separate value.
var driverBoolFlags = map[string]bool{
	"V": true, "all": true, "diff": true, "fix": true, "flags": true,
	"h": true, "help": true, "json": true, "source": true, "test": true, "v": true,
}

// isBoolFlag reports whether the flag name takes no separate value: a bool
// flag of the drivers or of a.
func isBoolFlag(a *analysis.Analyzer, name string) bool {
	if driverBoolFlags[name] {
		return true
	}
	f := a.Flags.Lookup(name)
	if f == nil {
		return false
	}
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// splitArgs splits args into flag arguments and patterns, following the
// flag package's rules: flags stop at the first non-flag argument or "--".
// A flag given as "-name value" keeps both in flags.
func splitArgs(a *analysis.Analyzer, args []string) (flags, pats []string) {
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "--" {
			return args[:i], args[i+1:]
		}
		if !strings.HasPrefix(arg, "-") || arg == "-" {
			return args[:i], args[i:]
		}
		name := strings.TrimLeft(arg, "-")
		if !strings.Contains(name, "=") && !isBoolFlag(a, name) {
			i++ // the value is the next argument
		}
	}
	return args, nil
}

// vetFlagSet returns the flags a standalone run accepts: the analyzer's,
// those on flag.CommandLine, and -json.
func vetFlagSet(a *analysis.Analyzer, json *bool) *flag.FlagSet {
	fs := flag.NewFlagSet(a.Name, flag.ContinueOnError)
	add := func(f *flag.Flag) { fs.Var(f.Value, f.Name, f.Usage) }
	a.Flags.VisitAll(add)
	flag.CommandLine.VisitAll(add)
	fs.BoolVar(json, "json", false, "emit JSON output")
	fs.Bool("test", true, "indicates whether test files should be analyzed, too")
	return fs
}
