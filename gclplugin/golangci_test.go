package gclplugin_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestCustomGolangciLint builds a real golangci-lint v2.15.0 with the bpvet
// plugin (scripts/golangci-custom.sh, from the Go module proxy) and lints a
// fixture module with it.
func TestCustomGolangciLint(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the custom golangci-lint build")
	}
	bin := filepath.Join(t.TempDir(), "custom-gcl")
	start := time.Now()
	build := exec.Command("bash", "../scripts/golangci-custom.sh", bin)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building custom golangci-lint: %v\n%s", err, out)
	}
	t.Logf("custom golangci-lint built in %v", time.Since(start).Round(time.Second))

	t.Run("findings", func(t *testing.T) {
		dir := fixture(t, "")
		out, code := lint(t, bin, dir)
		if code != 1 {
			t.Fatalf("exit code %d, want 1 (issues found)\n%s", code, out)
		}
		want := []string{"fixture.go:19 BP001", "fixture.go:22 BP001", "fixture.go:27 BP002", "fixture.go:39 BP003"}
		if got := findings(out); !slices.Equal(got, want) {
			t.Fatalf("findings %v, want %v (line 25 is silenced by //nolint:bpvet)\n%s", got, want, out)
		}
	})
	t.Run("exclude setting", func(t *testing.T) {
		dir := fixture(t, `exclude: ["(*example.com/gclfixture.Latch).Write"]`)
		out, code := lint(t, bin, dir)
		if code != 1 {
			t.Fatalf("exit code %d, want 1 (issues found)\n%s", code, out)
		}
		want := []string{"fixture.go:19 BP001", "fixture.go:27 BP002", "fixture.go:39 BP003"}
		if got := findings(out); !slices.Equal(got, want) {
			t.Fatalf("findings %v, want %v\n%s", got, want, out)
		}
	})
	t.Run("fix", func(t *testing.T) {
		dir := fixture(t, `rules: [BP002]`)
		out, code := lint(t, bin, dir, "--fix")
		// The fix leaves nothing to report, so the run succeeds.
		if got := findings(out); code != 0 || len(got) != 0 {
			t.Fatalf("exit code %d and findings %v after --fix, want 0 and none\n%s", code, got, out)
		}
		src, err := os.ReadFile(filepath.Join(dir, "fixture.go"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(src), `s.Once("drain", func() {})`) {
			t.Fatalf("--fix did not rename On to Once:\n%s\n%s", src, out)
		}
	})
	t.Run("bad setting", func(t *testing.T) {
		dir := fixture(t, `rulez: [BP001]`)
		out, code := lint(t, bin, dir)
		if code == 0 || !strings.Contains(out, "rulez") {
			t.Fatalf("exit code %d; want a failure naming the key rulez:\n%s", code, out)
		}
	})
}

// fixture copies the top-level testdata/gclplugin into a temporary module
// with a .golangci.yml enabling bpvet with the given settings (YAML lines).
func fixture(t *testing.T, settings string) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"go.mod", "fixture.go"} {
		b, err := os.ReadFile(filepath.Join("..", "testdata", "gclplugin", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg := `version: "2"
linters:
  default: none
  enable: [bpvet]
  settings:
    custom:
      bpvet:
        type: module
        description: backpressure checks
        settings:
          ` + settings + `
issues:
  max-issues-per-linter: 0
  max-same-issues: 0
`
	if settings == "" {
		cfg = strings.Replace(cfg, "        settings:\n          \n", "", 1)
	}
	if err := os.WriteFile(filepath.Join(dir, ".golangci.yml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func lint(t *testing.T, bin, dir string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"run", "--output.text.path=stdout", "--show-stats=false"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOLANGCI_LINT_CACHE="+t.TempDir(), "GOFLAGS=")
	out, err := cmd.CombinedOutput()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return string(out), code
}

var findingRE = regexp.MustCompile(`(?m)^(\S+?\.go):(\d+):\d+: (BP\d{3}): `)

// findings returns "file:line RULE" for each bpvet report in the output.
func findings(out string) []string {
	var got []string
	for _, m := range findingRE.FindAllStringSubmatch(out, -1) {
		got = append(got, filepath.Base(m[1])+":"+m[2]+" "+m[3])
	}
	return got
}
