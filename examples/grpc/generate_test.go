package ingest_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestGenerateLeavesModuleUnchanged runs go generate, and so go tool bpgen,
// on a copy of this module and compares the Go files with the committed
// ones. The root's test.sh checks go generate for the root module only.
func TestGenerateLeavesModuleUnchanged(t *testing.T) {
	if testing.Short() {
		t.Skip("builds bpgen")
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	mod := t.TempDir()
	if err := os.CopyFS(mod, os.DirFS(".")); err != nil {
		t.Fatal(err)
	}
	gomod := filepath.Join(mod, "go.mod")
	data, err := os.ReadFile(gomod)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(gomod, []byte(strings.Replace(string(data), "=> ../..", "=> "+root, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	// Generation must write the file anew, not find it in place.
	if err := os.Remove(filepath.Join(mod, "uploader_bpwriter.go")); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "generate", "./...")
	cmd.Dir = mod
	cmd.Env = append(os.Environ(), "GOFLAGS=", "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go generate: %v\n%s", err, out)
	}
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		want, _ := os.ReadFile(f)
		got, err := os.ReadFile(filepath.Join(mod, f))
		if err != nil || string(got) != string(want) {
			t.Errorf("go generate writes %s differently (err %v): run go generate ./... in examples/grpc", f, err)
		}
	}
}
