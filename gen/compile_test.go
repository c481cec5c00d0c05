package gen_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
)

// misuse calls generated writers the wrong way and the right way; bpvet
// must flag exactly the wrong ones, including a generated Send.
const misuse = `package misuse

import (
	"context"

	"example.com/bpgentest/shapes"
	"github.com/bpvet/bpvet/runtime"
)

func Ignored(w *shapes.StreamWriter, msgs []*shapes.Msg) {
	for _, m := range msgs {
		w.Send(m) // line 12: BP001
	}
}

func Persistent(w *shapes.EventWriter, next func()) {
	w.On(runtime.EventDrain, next) // line 17: BP002
}

func Handled(ctx context.Context, w *shapes.StreamWriter, msgs []*shapes.Msg) error {
	for _, m := range msgs {
		if !w.Send(m) {
			if err := w.WaitDrain(ctx); err != nil {
				return err
			}
		}
	}
	return nil
}

func Resumed(w *shapes.PublisherWriter, next func()) {
	w.OnceDrain(next)
}

func IgnoredTyped(w *shapes.EventWriter, evs []shapes.Event) {
	for _, e := range evs {
		w.Write(e) // line 37: BP001, on the runtime's Write
	}
}

func Uploaded(w *shapes.UploadWriter, s shapes.Upload) (*shapes.Event, error) {
	if err := w.End(); err != nil {
		return nil, err
	}
	return s.CloseAndRecv()
}
`

// TestCompile generates every golden shape into a temporary module that
// uses this repository through a replace directive, then runs go build,
// go vet and bpvet over it.
func TestCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a module")
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	mod := t.TempDir()
	write := func(rel string, data []byte) {
		t.Helper()
		path := filepath.Join(mod, rel)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", []byte("module example.com/bpgentest\n\ngo 1.26\n\nrequire github.com/bpvet/bpvet v0.0.0\n\nreplace github.com/bpvet/bpvet => "+root+"\n"))
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	write("go.sum", sum)
	for _, pkg := range []string{"shapes", "clash"} {
		files, _ := filepath.Glob(filepath.Join("testdata", "src", pkg, "*.go"))
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			write(filepath.Join(pkg, filepath.Base(f)), data)
		}
	}
	for _, s := range shapes {
		write(filepath.Join(s.pkg, s.name+"_bpwriter.go"), generate(t, s))
	}
	write("misuse/misuse.go", []byte(misuse))

	goCmd := func(args ...string) *exec.Cmd {
		cmd := exec.Command("go", args...)
		cmd.Dir = mod
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
		return cmd
	}
	for _, args := range [][]string{{"build", "./..."}, {"vet", "./..."}} {
		if out, err := goCmd(args...).CombinedOutput(); err != nil {
			t.Fatalf("go %v: %v\n%s", args, err, out)
		}
	}

	bpvet := filepath.Join(t.TempDir(), "bpvet")
	build := exec.Command("go", "build", "-o", bpvet, "./cmd/bpvet")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building bpvet: %v\n%s", err, out)
	}
	run := func(args ...string) (string, int) {
		cmd := exec.Command(bpvet, args...)
		cmd.Dir = mod
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return out.String(), exit.ExitCode()
		}
		if err != nil {
			t.Fatalf("bpvet %v: %v", args, err)
		}
		return out.String(), 0
	}
	if out, code := run("-include-generated", "./shapes", "./clash"); code != 0 || out != "" {
		t.Errorf("bpvet -include-generated over the generated code: exit %d, want 0 and no findings:\n%s", code, out)
	}
	out, code := run("./misuse")
	if code != 3 {
		t.Errorf("bpvet over misuse: exit %d, want 3 (findings):\n%s", code, out)
	}
	for _, want := range []string{
		`misuse.go:12:\d+: BP001: result of \S*Send ignored in loop`,
		`misuse.go:17:\d+: BP002: .*keeps the drain listener registered`,
		`misuse.go:37:\d+: BP001: result of \S*Write ignored in loop`,
	} {
		if !regexp.MustCompile(want).MatchString(out) {
			t.Errorf("bpvet over misuse: no match for %s in:\n%s", want, out)
		}
	}
	if n := bytes.Count([]byte(out), []byte("misuse.go:")); n != 3 {
		t.Errorf("bpvet over misuse: %d findings, want 3:\n%s", n, out)
	}
}
