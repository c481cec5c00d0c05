package main

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// module copies the packages with committed bpgen output (examples/bpgen
// as events, bench/bpgen as bench) into a temporary module that uses this
// repository through a replace directive and bpgen as a tool, and returns
// its directory.
func module(t *testing.T) (mod, root string) {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	mod = t.TempDir()
	// The root go.mod's requirements and its bpgen tool directive, for a
	// module that requires bpvet itself.
	rootMod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	gomod := strings.Replace(string(rootMod), "module github.com/bpvet/bpvet", "module example.com/bpgentest", 1) +
		"\nrequire github.com/bpvet/bpvet v0.0.0\n\nreplace github.com/bpvet/bpvet => " + root + "\n"
	copyFile(t, filepath.Join(root, "go.sum"), filepath.Join(mod, "go.sum"))
	if err := os.WriteFile(filepath.Join(mod, "go.mod"), []byte(gomod), 0o644); err != nil {
		t.Fatal(err)
	}
	for from, to := range map[string]string{"examples/bpgen": "events", "bench/bpgen": "bench"} {
		files, _ := filepath.Glob(filepath.Join(root, from, "*.go"))
		for _, f := range files {
			if !strings.HasSuffix(f, "_test.go") {
				copyFile(t, f, filepath.Join(mod, to, filepath.Base(f)))
			}
		}
	}
	return mod, root
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func goEnv() []string { return append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off") }

// snapshot returns the contents of every file under dir.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		files[path] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestGoGenerateLeavesTreeUnchanged runs the //go:generate lines of
// examples/bpgen and bench/bpgen with the go command and compares the
// result with the committed files.
func TestGoGenerateLeavesTreeUnchanged(t *testing.T) {
	if testing.Short() {
		t.Skip("builds bpgen")
	}
	mod, _ := module(t)
	before := snapshot(t, mod)
	cmd := exec.Command("go", "generate", "./...")
	cmd.Dir, cmd.Env = mod, goEnv()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go generate: %v\n%s", err, out)
	}
	after := snapshot(t, mod)
	delete(after, filepath.Join(mod, "go.mod")) // the go command may add requirements
	delete(before, filepath.Join(mod, "go.mod"))
	for path, data := range after {
		if before[path] != data {
			t.Errorf("go generate changed %s (or created it): run go generate ./examples/bpgen ./bench/bpgen", path)
		}
	}
	if len(after) != len(before) {
		t.Errorf("go generate left %d files, want %d", len(after), len(before))
	}
}

// TestErrors runs the command on failing inputs: each must exit non-zero
// with one line on stderr and leave the package as it was.
func TestErrors(t *testing.T) {
	if testing.Short() {
		t.Skip("builds bpgen")
	}
	mod, root := module(t)
	bin := filepath.Join(t.TempDir(), "bpgen")
	build := exec.Command("go", "build", "-o", bin, "./cmd/bpgen")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	pkg := filepath.Join(mod, "events")
	broken := filepath.Join(mod, "broken")
	for _, f := range []string{"events.go", "event_bpwriter.go"} {
		copyFile(t, filepath.Join(pkg, f), filepath.Join(broken, f))
	}
	usesBroken := filepath.Join(mod, "usesbroken")
	for path, src := range map[string]string{
		filepath.Join(broken, "bad.go"):      "package events\n\nvar n int = \"x\"\n",
		filepath.Join(usesBroken, "u.go"):    "package usesbroken\n\nimport \"example.com/bpgentest/broken\"\n\ntype T broken.Event\n",
		filepath.Join(mod, "syntax", "s.go"): "package syntax\n\ntype T struct{}\n\nfunc f( {\n",
	} {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	tests := []struct {
		dir  string
		args []string
		want string
	}{
		{pkg, []string{"-type=Nope"}, "bpgen: -type: no type Nope in package events"},
		{pkg, []string{}, "bpgen: -type or -iface: at least one name is required"},
		{pkg, []string{"-bogus"}, "bpgen: flag provided but not defined: -bogus"},
		{pkg, []string{"-type=Event", "-hwm=-3"}, "bpgen: -hwm: -3 is negative"},
		{pkg, []string{"-type=Event", "-hwm=0"}, "bpgen: -hwm: 0 is not a mark bpgen sets"},
		{pkg, []string{"-type=Event", "-methods=Send"}, "bpgen: -methods: selects methods of -iface interfaces, and there is no -iface"},
		{pkg, []string{"-iface=Publisher", "-methods=Send"}, "bpgen: events.go:31:6: -methods=Send: interface Publisher has no method Send"},
		{pkg, []string{"-type=Event", "-hwm=lots"}, `bpgen: invalid value "lots" for flag -hwm: parse error`},
		{pkg, []string{"-type=Event", "-size=weight"}, `bpgen: -size: invalid value "weight" (want auto, count, Size, Len or bytes)`},
		{pkg, []string{"-type=Event", "-size=Len"}, "bpgen: events.go:20:6: -size=Len: Event has no method Len() int"},
		{pkg, []string{"-iface=Event"}, "bpgen: events.go:20:6: Event is not an interface (-iface)"},
		{pkg, []string{"-type=Event", "-output=events.go"}, "not generated by bpgen; refusing to overwrite it"},
		{pkg, []string{"-type=Event", "a", "b"}, `bpgen: at most one package directory, got ["a" "b"]`},
		{broken, []string{"-type=Event"}, `bpgen: bad.go:3:13: cannot use "x" (untyped string constant) as int value in variable declaration`},
		{usesBroken, []string{"-type=T"}, `bpgen: example.com/bpgentest/broken: ../broken/bad.go:3:13: cannot use "x"`},
		{filepath.Join(mod, "syntax"), []string{"-type=T"}, `bpgen: s.go:5:9: expected ')', found '{'`},
		{pkg, []string{"-type=T", "../nowhere"}, `bpgen: ../nowhere: no such directory`},
	}
	// The go command may add requirements to go.mod; the packages must not
	// change.
	dirs := func() map[string]string {
		m := map[string]string{}
		for _, dir := range []string{pkg, broken, usesBroken, filepath.Join(mod, "syntax")} {
			for k, v := range snapshot(t, dir) {
				m[k] = v
			}
		}
		return m
	}
	for _, tt := range tests {
		before := dirs()
		cmd := exec.Command(bin, tt.args...)
		cmd.Dir, cmd.Env = tt.dir, goEnv()
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() == 0 {
			t.Errorf("bpgen %v: err %v, want a non-zero exit", tt.args, err)
		}
		msg := stderr.String()
		if strings.Count(msg, "\n") != 1 || !strings.Contains(msg, tt.want) || stdout.Len() > 0 {
			t.Errorf("bpgen %v: stderr %q, want one line containing %q", tt.args, msg, tt.want)
		}
		after := dirs()
		if len(after) != len(before) {
			t.Errorf("bpgen %v: %d files after, %d before", tt.args, len(after), len(before))
		}
		for path, data := range before {
			if after[path] != data {
				t.Errorf("bpgen %v changed %s", tt.args, path)
			}
		}
	}
}

// TestHelp checks that -help prints the usage and a description of every
// flag, from flag.PrintDefaults.
func TestHelp(t *testing.T) {
	var stderr bytes.Buffer
	err := run([]string{"-help"}, &stderr, func(string, []byte) error {
		t.Fatal("-help wrote a file")
		return nil
	})
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("run(-help) = %v, want flag.ErrHelp", err)
	}
	help := stderr.String()
	if !strings.HasPrefix(help, "usage: bpgen -type") {
		t.Errorf("help does not start with the usage line:\n%s", help)
	}
	// PrintDefaults writes "  -name arg" then the description, indented.
	flags := regexp.MustCompile(`(?m)^  -(\w+)[^\n]*\n    \t(\S[^\n]*)$`).FindAllStringSubmatch(help, -1)
	var names []string
	for _, f := range flags {
		names = append(names, f[1])
	}
	if got, want := strings.Join(names, " "), "hwm iface methods output size type"; got != want {
		t.Errorf("described flags: %s, want %s:\n%s", got, want, help)
	}
}

func TestWriteFileReplacesAtomically(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x_bpwriter.go")
	for _, src := range []string{"one\n", "two\n", "two\n"} {
		if err := writeFile(path, []byte(src)); err != nil {
			t.Fatal(err)
		}
		if got, _ := os.ReadFile(path); string(got) != src {
			t.Fatalf("file holds %q, want %q", got, src)
		}
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", fi.Mode().Perm())
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d files in the directory, want no temporary file left", len(entries))
	}
	if err := writeFile(filepath.Join(dir, "missing", "x.go"), []byte("x")); err == nil {
		t.Error("writing into a missing directory succeeded")
	}
}

func TestSplit(t *testing.T) {
	if got := split(" Event, *Msg,,Metric "); strings.Join(got, "|") != "Event|*Msg|Metric" {
		t.Errorf("split = %q", got)
	}
}
