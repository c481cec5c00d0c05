package webrtc_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// diagnostic matches a line of bpvet's and go vet's output.
var diagnostic = regexp.MustCompile(`^(\S+\.go):(\d+):\d+: (.*)$`)

// bpvet, built from this repository and run as users run it, standalone and
// under go vet, reports the naive loop's send and nothing else in the
// module, tests and the benchmark command included.
func TestBpvetReportsOnlyTheNaiveLoop(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs bpvet")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	bin := filepath.Join(t.TempDir(), "bpvet")
	run(ctx, t, "go", "build", "-o", bin, "github.com/bpvet/bpvet/cmd/bpvet")
	want := fmt.Sprintf("send.go:%d", markerLine(t, "send.go", "// BP003 expected here"))
	for _, args := range [][]string{{bin, "./..."}, {"go", "vet", "-vettool=" + bin, "./..."}} {
		out, _ := exec.CommandContext(ctx, args[0], args[1:]...).CombinedOutput()
		var found []string
		for line := range strings.Lines(string(out)) {
			if m := diagnostic.FindStringSubmatch(strings.TrimSpace(line)); m != nil {
				found = append(found, fmt.Sprintf("%s:%s %s", filepath.Base(m[1]), m[2], m[3]))
			}
		}
		if len(found) != 1 || !strings.HasPrefix(found[0], want+" ") || !strings.Contains(found[0], "BP003") {
			t.Errorf("%s: want one BP003 at %s, got %d diagnostics:\n%s\noutput:\n%s",
				strings.Join(args, " "), want, len(found), strings.Join(found, "\n"), out)
		}
	}
}

func run(ctx context.Context, t *testing.T, name string, args ...string) {
	t.Helper()
	if out, err := exec.CommandContext(ctx, name, args...).CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
}

// markerLine returns the line of file that contains marker, which must be
// on exactly one line.
func markerLine(t *testing.T, file, marker string) int {
	t.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	line, at := 0, 0
	sc := bufio.NewScanner(bytes.NewReader(src))
	for n := 1; sc.Scan(); n++ {
		if strings.Contains(sc.Text(), marker) {
			line, at = n, at+1
		}
	}
	if at != 1 {
		t.Fatalf("%s: marker %q on %d lines, want 1", file, marker, at)
	}
	return line
}
