package main_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

// bpvet is the binary under test, built once by TestMain.
var bpvet string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "bpvet-e2e")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	bpvet = filepath.Join(dir, "bpvet")
	if runtime.GOOS == "windows" {
		bpvet += ".exe"
	}
	if out, err := exec.Command("go", "build", "-o", bpvet, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building bpvet: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	if code == 0 {
		if err := goleak.Find(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			code = 1
		}
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

var wantFindings = []string{
	"app/app.go:7:3: BP001: result of (*stream.Writer).Write ignored in loop: Writer reports backpressure (it has Drain); stop when it returns false and wait on Drain()",
	"app/app.go:9:2: BP002: (*stream.Writer).On keeps the drain listener registered after the first drain: register it with Once, or remove it explicitly",
	"app/app.go:11:3: BP001: result of (*stream.Writer).Send ignored in loop: it is marked //bpvet:signal; stop when it returns false and wait on Drain()",
}

// module copies the e2e fixture, a module using a Node-style stream API,
// and returns its root.
func module(t *testing.T) string {
	t.Helper()
	return copyFixture(t, "e2e")
}

// copyFixture copies the top-level testdata/name module into a temporary
// directory and returns its root.
func copyFixture(t *testing.T, name string) string {
	t.Helper()
	src := filepath.Join("..", "..", "testdata", name)
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		to := filepath.Join(dst, rel)
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			return err
		}
		return os.WriteFile(to, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// appGo and appFixed are the fixture's app/app.go before and after -fix.
var (
	appGo    = fixtureFile("e2e/app/app.go")
	appFixed = fixtureFile("e2e/app/app.go.golden")
)

func fixtureFile(name string) string {
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", name))
	if err != nil {
		panic(err)
	}
	return string(b)
}

type result struct {
	code           int
	stdout, stderr string
}

func run(t *testing.T, dir, name string, args ...string) result {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := result{stdout: stdout.String(), stderr: stderr.String()}
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("%s %v: %v", name, args, err)
	}
	return r
}

func (r result) want(t *testing.T, code int, lines ...string) {
	t.Helper()
	if r.code != code {
		t.Errorf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, code, r.stdout, r.stderr)
	}
	out := r.stdout + r.stderr
	for _, l := range lines {
		if !strings.Contains(out, l) {
			t.Errorf("output lacks %q:\n%s", l, out)
		}
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestStandalone(t *testing.T) {
	t.Parallel()
	dir := module(t)
	r := run(t, dir, bpvet, "./...")
	r.want(t, 3, wantFindings...)
	if strings.Contains(r.stderr, "drainloop") || strings.Contains(r.stderr, "quiet.go") {
		t.Errorf("correct or silenced code reported:\n%s", r.stderr)
	}

	r = run(t, dir, bpvet, "-rules=BP002", "./...")
	r.want(t, 3, wantFindings[1])
	if strings.Contains(r.stderr, "BP001") || strings.Contains(r.stderr, "ignored in loop") {
		t.Errorf("-rules=BP002 reported BP001:\n%s", r.stderr)
	}

	r = run(t, dir, bpvet, "./drainloop")
	r.want(t, 0)
	if r.stdout+r.stderr != "" {
		t.Errorf("unexpected output:\n%s%s", r.stdout, r.stderr)
	}
}

func TestStandaloneJSON(t *testing.T) {
	t.Parallel()
	dir := module(t)
	r := run(t, dir, bpvet, "-json", "./...")
	r.want(t, 0)
	var got map[string]map[string][]struct {
		Category string `json:"category"`
		Posn     string `json:"posn"`
		Message  string `json:"message"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("bad JSON: %v\n%s", err, r.stdout)
	}
	var cats []string
	for _, d := range got["example.com/e2e/app"]["bpvet"] {
		cats = append(cats, d.Category)
	}
	if strings.Join(cats, ",") != "BP001,BP002,BP001" {
		t.Errorf("categories %v, want BP001,BP002,BP001\n%s", cats, r.stdout)
	}
}

func TestStandaloneFix(t *testing.T) {
	t.Parallel()
	dir := module(t)
	app := filepath.Join(dir, "app", "app.go")

	r := run(t, dir, bpvet, "-fix", "-diff", "./...")
	r.want(t, 0, "-\tw.On(\"drain\", next)", "+\tw.Once(\"drain\", next)", "+\t\tif !w.Write(c) {")
	if got := readFile(t, app); got != appGo {
		t.Errorf("-diff changed the file:\n%s", got)
	}

	run(t, dir, bpvet, "-fix", "./...").want(t, 0)
	if got := readFile(t, app); got != appFixed {
		t.Errorf("fixed source:\n%s\nwant:\n%s", got, appFixed)
	}
	r = run(t, dir, bpvet, "./...")
	r.want(t, 0)
	if r.stderr != "" {
		t.Errorf("findings after -fix:\n%s", r.stderr)
	}
}

func TestGoVet(t *testing.T) {
	t.Parallel()
	dir := module(t)
	tool := "-vettool=" + bpvet
	r := run(t, dir, "go", "vet", tool, "./...")
	r.want(t, 1, wantFindings...)
	if strings.Contains(r.stderr, "quiet.go") {
		t.Errorf("directive ignored under go vet:\n%s", r.stderr)
	}
	run(t, dir, "go", "vet", tool, "./drainloop").want(t, 0)

	// Analyzer flags pass through go vet.
	r = run(t, dir, "go", "vet", tool, "-rules=BP001", "./app")
	r.want(t, 1, wantFindings[0], wantFindings[2])
	if strings.Contains(r.stderr, "drain listener") {
		t.Errorf("-rules=BP001 reported BP002:\n%s", r.stderr)
	}

	run(t, dir, "go", "vet", tool, "-fix", "./...").want(t, 0)
	if got := readFile(t, filepath.Join(dir, "app", "app.go")); got != appFixed {
		t.Errorf("go vet -fix source:\n%s\nwant:\n%s", got, appFixed)
	}
	run(t, dir, "go", "vet", tool, "./...").want(t, 0)
}

func TestGoFix(t *testing.T) {
	t.Parallel()
	dir := module(t)
	tool := "-fixtool=" + bpvet
	app := filepath.Join(dir, "app", "app.go")

	run(t, dir, "go", "fix", tool, "-diff", "./...").want(t, 1, "+\tw.Once(\"drain\", next)")
	if got := readFile(t, app); got != appGo {
		t.Errorf("go fix -diff changed the file:\n%s", got)
	}
	run(t, dir, "go", "fix", tool, "./...").want(t, 0)
	if got := readFile(t, app); got != appFixed {
		t.Errorf("go fix source:\n%s\nwant:\n%s", got, appFixed)
	}
}

func TestUsage(t *testing.T) {
	t.Parallel()
	dir := module(t)
	oneLine := func(t *testing.T, r result, code int, want string) {
		t.Helper()
		r.want(t, code, want)
		if out := strings.TrimSuffix(r.stdout+r.stderr, "\n"); strings.Contains(out, "\n") {
			t.Errorf("want a one-line error, got:\n%s", out)
		}
	}
	oneLine(t, run(t, dir, bpvet, "-nosuchflag", "./..."), 2, "flag provided but not defined: -nosuchflag")
	oneLine(t, run(t, dir, bpvet, "-funcs=Send", "./..."), 2, `invalid function name "Send"`)
	oneLine(t, run(t, dir, bpvet, "-rules=BP9", "./..."), 2, `unknown rule "BP9"`)
	oneLine(t, run(t, dir, bpvet, "-signals=all", "./..."), 2, `invalid value "all" for flag -signals: invalid signals "all"`)
	oneLine(t, run(t, dir, bpvet, "./nosuchdir/..."), 1, "bpvet: pattern ./nosuchdir/...")
	oneLine(t, run(t, dir, bpvet, "-json", "example.com/nosuchpkg"), 1, "example.com/nosuchpkg")
	oneLine(t, run(t, dir, bpvet, "help", "BP404"), 2, `bpvet: unknown rule "BP404"`)

	run(t, dir, bpvet, "help", "BP001").want(t, 0, "BP001: Write signal ignored in a loop", "Before:", "After:")
	run(t, dir, bpvet, "-explain", "bp002").want(t, 0, "BP002: Drain listener registered persistently")
	run(t, dir, bpvet, "help").want(t, 0, "BP001", "BP002")
	run(t, dir, bpvet, "-h").want(t, 0, "-funcs", "-exclude", "-include-generated", "-signals", "-rules", "-explain")
	run(t, dir, bpvet).want(t, 1, "Usage")
}

// TestRepoExamples checks the README's first command: bpvet on
// ./examples/... reports the findings the README shows, the loop that
// examples/ignore marks, and nothing else. Nested modules, such as
// examples/grpc, are not part of ./examples/....
func TestRepoExamples(t *testing.T) {
	t.Parallel()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	args, want := readmeClaim(t, readFile(t, filepath.Join(root, "README.md")))
	r := run(t, root, bpvet, args...)
	if got := lines(r.stdout + r.stderr); r.code != 3 || !slices.Equal(got, want) {
		t.Errorf("bpvet %s: exit %d, output:\n%s\nwant exit 3 and the README's findings:\n%s",
			strings.Join(args, " "), r.code, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The finding is the loop the example marks as wrong.
	for _, f := range want {
		file, line := findingLine(t, root, f)
		if !strings.Contains(line, "DON'T DO THIS") {
			t.Errorf("README's finding %q is at %q, not at the loop %s marks with DON'T DO THIS", f, line, file)
		}
	}
	for pkg, code := range map[string]int{"./examples/ignore": 3, "./examples/drainloop": 0} {
		if _, err := os.Stat(filepath.Join(root, pkg)); err != nil {
			t.Errorf("example %s: %v", pkg, err)
			continue
		}
		run(t, root, bpvet, pkg).want(t, code)
	}
}

// readmeClaim returns the arguments of README.md's "go run ./cmd/bpvet"
// command and the findings it shows under "**bpvet** on `examples/ignore`".
func readmeClaim(t *testing.T, readme string) (args, findings []string) {
	t.Helper()
	for l := range strings.Lines(readme) {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(l), "go run ./cmd/bpvet "); ok {
			args = strings.Fields(rest)
			break
		}
	}
	_, after, _ := strings.Cut(readme, "**bpvet** on `examples/ignore`:")
	_, block, _ := strings.Cut(after, "```\n")
	block, _, ok := strings.Cut(block, "```")
	findings = lines(block)
	if len(args) == 0 || !ok || len(findings) == 0 {
		t.Fatalf("README.md no longer gives the bpvet command (%q) and the findings it shows (%q)", args, findings)
	}
	return args, findings
}

// lines returns the non-empty lines of s.
func lines(s string) []string {
	var ls []string
	for l := range strings.Lines(s) {
		if l = strings.TrimSpace(l); l != "" {
			ls = append(ls, l)
		}
	}
	return ls
}

// findingLine returns the file a finding ("file:line:col: ...") names,
// relative to root, and the text of its line.
func findingLine(t *testing.T, root, finding string) (file, text string) {
	t.Helper()
	parts := strings.SplitN(finding, ":", 3)
	n, err := strconv.Atoi(parts[min(1, len(parts)-1)])
	if len(parts) < 3 || err != nil {
		t.Fatalf("finding %q does not start with file:line:", finding)
	}
	src := strings.Split(readFile(t, filepath.Join(root, parts[0])), "\n")
	if n < 1 || n > len(src) {
		t.Fatalf("finding %q: %s has %d lines", finding, parts[0], len(src))
	}
	return parts[0], src[n-1]
}

// TestStandaloneDrivers covers what the two standalone drivers differ in:
// the default run goes through go vet, which includes test files and
// replays unchanged packages from the build cache; -test=false runs
// in-process without them.
func TestStandaloneDrivers(t *testing.T) {
	t.Parallel()
	dir := module(t)
	testGo := "package app\n\nimport \"example.com/e2e/stream\"\n\nfunc fill(w *stream.Writer) {\n\tfor range 3 {\n\t\tw.Write(nil)\n\t}\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "app", "app_test.go"), []byte(testGo), 0o644); err != nil {
		t.Fatal(err)
	}
	inTest := "app/app_test.go:7:3: BP001: result of (*stream.Writer).Write ignored in loop"

	first := run(t, dir, bpvet, "./...")
	first.want(t, 3, append(wantFindings, inTest)...)
	again := run(t, dir, bpvet, "./...")
	if again.code != first.code || again.stderr != first.stderr {
		t.Errorf("second run differs:\n%s\nfirst:\n%s", again.stderr, first.stderr)
	}

	r := run(t, dir, bpvet, "-test=false", "./...")
	r.want(t, 3, wantFindings...)
	if strings.Contains(r.stderr, "app_test.go") {
		t.Errorf("-test=false reported a test file:\n%s", r.stderr)
	}

	// A type error is an error (exit 1), reported at its position.
	if err := os.WriteFile(filepath.Join(dir, "drainloop", "bad.go"), []byte("package drainloop\n\nvar x = undefined\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, dir, bpvet, "./drainloop").want(t, 1, "bad.go:3:9: undefined: undefined")
}
