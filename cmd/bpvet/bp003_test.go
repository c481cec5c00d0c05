package main_test

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// bp003Findings returns "relay/relay.go:LINE:COL: BP003" prefixes for the
// lines of testdata/bp003 marked "// finding: BP003 kind", by kind.
func bp003Findings(t *testing.T) map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "testdata", "bp003", "relay", "relay.go"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := make(map[string]string)
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		_, kind, ok := strings.Cut(text, "// finding: BP003 ")
		if !ok {
			continue
		}
		col := len(text) - len(strings.TrimLeft(text, "\t")) + 1
		if strings.Contains(text, "return ") {
			col += len("return len(p), ")
		}
		want[kind] = fmt.Sprintf("relay/relay.go:%d:%d: BP003: ", line, col)
	}
	if len(want) != 2 {
		t.Fatalf("found markers %v, want a loop and an adapter", want)
	}
	return want
}

// TestBP003Drivers runs BP003 standalone and under go vet on a module whose
// sink type, and the helper that checks it, live in another package: the
// verdicts cross packages as facts.
func TestBP003Drivers(t *testing.T) {
	t.Parallel()
	want := bp003Findings(t)
	dir := copyFixture(t, "bp003")
	count := func(out string) int { return strings.Count(out, "BP003: ") }

	r := run(t, dir, bpvet, "./...")
	r.want(t, 3, want["loop"]+"(*rtc.DataChannel).Send in an endless for loop ignores the buffered amount",
		want["adapter"]+"(relay.Conn).Write forwards to (*rtc.DataChannel).SendText with no check of the buffered amount")
	if n := count(r.stderr); n != 2 {
		t.Errorf("%d BP003 findings, want 2 (Checked and Quiet are silent):\n%s", n, r.stderr)
	}

	r = run(t, dir, "go", "vet", "-vettool="+bpvet, "./...")
	r.want(t, 1, want["loop"], want["adapter"])
	if n := count(r.stderr); n != 2 {
		t.Errorf("go vet: %d BP003 findings, want 2:\n%s", n, r.stderr)
	}

	r = run(t, dir, bpvet, "-exclude=(*example.com/bp003/rtc.DataChannel).Send", "./...")
	r.want(t, 3, want["adapter"])
	if strings.Contains(r.stderr, want["loop"]) {
		t.Errorf("-exclude kept the excluded send:\n%s", r.stderr)
	}

	r = run(t, dir, bpvet, "-rules=BP001,BP002", "./...")
	r.want(t, 0)
	if r.stderr != "" {
		t.Errorf("-rules=BP001,BP002 reported:\n%s", r.stderr)
	}

	r = run(t, dir, bpvet, "help", "BP003")
	r.want(t, 0, "BP003: Buffered amount ignored while sending", "OnBufferedAmountLow")
}
