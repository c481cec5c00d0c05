package driver

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
)

// testAnalyzer has one flag of each kind, as bpvet has.
func testAnalyzer() *analysis.Analyzer {
	a := &analysis.Analyzer{Name: "t"}
	a.Flags.String("rules", "", "")
	a.Flags.Bool("include-generated", false, "")
	return a
}

func TestSplitArgs(t *testing.T) {
	for _, tc := range []struct {
		args, flags, pats []string
	}{
		{[]string{"./..."}, nil, []string{"./..."}},
		{[]string{"-json", "./a", "./b"}, []string{"-json"}, []string{"./a", "./b"}},
		{[]string{"-rules", "BP001", "./..."}, []string{"-rules", "BP001"}, []string{"./..."}},
		{[]string{"-rules=BP001", "-include-generated", "std"}, []string{"-rules=BP001", "-include-generated"}, []string{"std"}},
		{[]string{"-json", "--", "-odd"}, []string{"-json"}, []string{"-odd"}},
		{[]string{"-fix"}, []string{"-fix"}, nil},
	} {
		flags, pats := splitArgs(testAnalyzer(), tc.args)
		if !slices.Equal(flags, tc.flags) || !slices.Equal(pats, tc.pats) {
			t.Errorf("splitArgs(%q) = %q, %q; want %q, %q", tc.args, flags, pats, tc.flags, tc.pats)
		}
	}
}

func TestViaVet(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{[]string{"./..."}, true},
		{[]string{"-json", "-rules=BP001", "std"}, true},
		{[]string{"-test", "./..."}, true},
		{[]string{"-test=true", "./..."}, true},
		{[]string{"-test=false", "./..."}, false},
		{[]string{"-fix", "./..."}, false},
		{[]string{"-fix", "-diff", "./..."}, false},
		{[]string{"-c=2", "./..."}, false},
		{[]string{"-cpuprofile", "cpu.out", "./..."}, false},
		{[]string{"-rules", "fix", "./..."}, true}, // a value, not -fix
		{[]string{"-V=full"}, false},
		{[]string{"-flags"}, false},
		{[]string{"-json", "/tmp/x/vet.cfg"}, false},
		{nil, false},
	} {
		flags, pats := splitArgs(testAnalyzer(), tc.args)
		if got := viaVet(flags, pats); got != tc.want {
			t.Errorf("viaVet(%q) = %v, want %v", tc.args, got, tc.want)
		}
	}
}

// vetStream is what go vet -json prints: one tree per package, in the order
// the packages finish.
const vetStream = `{}
{
	"example.com/m/b": {
		"bpvet": [
			{"posn": "/m/b/b.go:9:2", "message": "BP002: second", "category": "BP002"}
		]
	}
}
{
	"example.com/m/a": {
		"bpvet": [
			{"posn": "/m/a/a.go:3:1", "message": "BP001: first", "category": "BP001",
			 "related": [{"posn": "/m/a/a.go:1:1", "message": "declared here"}]}
		]
	}
}
`

func TestTreeText(t *testing.T) {
	tr, err := readTree(strings.NewReader(vetStream))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	code, err := tr.writeText(&out, "/m/a")
	if err != nil {
		t.Fatal(err)
	}
	want := "a.go:3:1: BP001: first\n\ta.go:1:1: declared here\n/m/b/b.go:9:2: BP002: second\n"
	if code != 3 || out.String() != want {
		t.Errorf("writeText = %d\n%s\nwant 3\n%s", code, out.String(), want)
	}

	tr, err = readTree(strings.NewReader(`{"example.com/m/c": {"bpvet": {"error": "boom"}}}` + vetStream))
	if err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if code, _ := tr.writeText(&out, ""); code != 1 || !strings.Contains(out.String(), "example.com/m/c: bpvet: boom\n") {
		t.Errorf("failed analysis: code %d, output\n%s", code, out.String())
	}

	out.Reset()
	if code, _ := (tree{}).writeText(&out, ""); code != 0 || out.Len() != 0 {
		t.Errorf("empty tree: code %d, output %q", code, out.String())
	}
}

func TestTreeJSON(t *testing.T) {
	tr, err := readTree(strings.NewReader(vetStream))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := tr.writeJSON(&out); err != nil {
		t.Fatal(err)
	}
	var got map[string]map[string][]diagnostic
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("not one JSON object: %v\n%s", err, out.String())
	}
	if len(got) != 2 || got["example.com/m/a"]["bpvet"][0].Message != "BP001: first" || got["example.com/m/b"]["bpvet"][0].Posn != "/m/b/b.go:9:2" {
		t.Errorf("merged tree:\n%s", out.String())
	}
}

func TestReadTreeBadInput(t *testing.T) {
	if _, err := readTree(strings.NewReader("{} not json")); err == nil {
		t.Error("readTree accepted malformed input")
	}
}
