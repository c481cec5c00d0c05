package gen_test

import (
	"bytes"
	"flag"
	"go/format"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/bpvet/bpvet/gen"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// A shape is one golden file: a package under testdata/src and the options
// bpgen runs with.
type shape struct {
	name string
	pkg  string
	opts gen.Options
}

var shapes = []shape{
	{"struct", "shapes", gen.Options{Types: []string{"Event"}, HWM: -1}},
	{"pointer", "shapes", gen.Options{Types: []string{"*Msg"}, HWM: -1}},
	{"imported", "shapes", gen.Options{Types: []string{"Sample"}, HWM: -1}},
	{"bytes", "shapes", gen.Options{Types: []string{"Chunk"}, HWM: -1}},
	{"size", "shapes", gen.Options{Types: []string{"Frame"}, HWM: -1}},
	{"len", "shapes", gen.Options{Types: []string{"Buffer"}, HWM: -1}},
	{"count", "shapes", gen.Options{Types: []string{"Text"}, HWM: 64, Size: gen.SizeCount}},
	{"unexported", "shapes", gen.Options{Types: []string{"record"}, HWM: -1}},
	{"generic", "shapes", gen.Options{Types: []string{"Pair"}, HWM: -1}},
	{"iface", "shapes", gen.Options{Ifaces: []string{"Publisher"}, HWM: -1}},
	{"stream", "shapes", gen.Options{Ifaces: []string{"Stream"}, HWM: 8}},
	{"clash", "clash", gen.Options{Types: []string{"Item", "Odd"}, Ifaces: []string{"Sink"}, HWM: -1}},
}

var (
	loadMu sync.Mutex
	loaded = map[string]*gen.Package{}
)

// load loads a package under testdata/src once per test binary.
func load(t *testing.T, name string) *gen.Package {
	t.Helper()
	loadMu.Lock()
	defer loadMu.Unlock()
	if p := loaded[name]; p != nil {
		return p
	}
	p, err := gen.Load(filepath.Join("testdata", "src", name), "")
	if err != nil {
		t.Fatal(err)
	}
	loaded[name] = p
	return p
}

func generate(t *testing.T, s shape) []byte {
	t.Helper()
	src, err := load(t, s.pkg).Generate(s.opts)
	if err != nil {
		t.Fatalf("%s: %v", s.name, err)
	}
	return src
}

func TestGolden(t *testing.T) {
	for _, s := range shapes {
		t.Run(s.name, func(t *testing.T) {
			src := generate(t, s)
			if !bytes.HasPrefix(src, []byte(gen.Header+"\n")) {
				t.Errorf("missing header:\n%s", src[:min(len(src), 80)])
			}
			if f, err := format.Source(src); err != nil || !bytes.Equal(f, src) {
				t.Errorf("not gofmt-clean (err %v)", err)
			}
			if again := generate(t, s); !bytes.Equal(again, src) {
				t.Error("not deterministic: a second run differs")
			}
			golden := filepath.Join("testdata", "golden", s.name+".golden")
			if *update {
				if err := os.WriteFile(golden, src, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if !bytes.Equal(src, want) {
				t.Errorf("differs from %s (run go test -update and review the diff):\n%s", golden, src)
			}
		})
	}
}

// Every method that returns a write signal carries the directive bpvet
// looks for.
func TestSignalDirectives(t *testing.T) {
	sig := regexp.MustCompile(`(?m)^//bpvet:signal\nfunc \(\w+ \*\w+(?:\[[^]]*\])?\) (\w+)\(.*\) bool \{$`)
	boolMethod := regexp.MustCompile(`(?m)^func \(\w+ \*\w+(?:\[[^]]*\])?\) (\w+)\(.*\) bool \{$`)
	for _, s := range shapes {
		src := generate(t, s)
		marked := map[string]bool{}
		for _, m := range sig.FindAllSubmatch(src, -1) {
			marked[string(m[1])] = true
		}
		for _, m := range boolMethod.FindAllSubmatch(src, -1) {
			name := string(m[1])
			signal := name != "NeedDrain" && name != "Off"
			if marked[name] != signal {
				t.Errorf("%s: %s: directive %v, want %v", s.name, name, marked[name], signal)
			}
		}
		if len(marked) == 0 {
			t.Errorf("%s: no //bpvet:signal method", s.name)
		}
		if bytes.Contains(src, []byte(") OnDrain(")) {
			t.Errorf("%s: generates a persistent OnDrain", s.name)
		}
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		pkg  string
		opts gen.Options
		want string // regexp
	}{
		{"shapes", gen.Options{}, `^-type or -iface: at least one name is required$`},
		{"shapes", gen.Options{Types: []string{"Nope"}}, `^-type: no type Nope in package shapes$`},
		{"shapes", gen.Options{Types: []string{"a.B"}}, `^-type: "a.B" is not a type name$`},
		{"shapes", gen.Options{Types: []string{"Helper"}}, `^testdata/src/shapes/shapes.go:\d+:6: Helper is not a type \(-type\)$`},
		{"shapes", gen.Options{Types: []string{"Event"}, Size: "weight"}, `^-size: invalid value "weight"`},
		{"shapes", gen.Options{Types: []string{"Event"}, Size: gen.SizeLen}, `^testdata/src/shapes/shapes.go:13:6: -size=Len: Event has no method Len\(\) int$`},
		{"shapes", gen.Options{Types: []string{"Frame"}, Size: gen.SizeBytes}, `-size=bytes: Frame is not based on \[\]byte or string$`},
		{"shapes", gen.Options{Types: []string{"Msg", "*Msg"}}, `^-type=\*Msg: MsgWriter is also generated for -type=Msg$`},
		{"shapes", gen.Options{Types: []string{"Taken"}}, `^testdata/src/shapes/shapes.go:\d+:6: TakenWriter is already declared; -type=Taken would generate it$`},
		{"shapes", gen.Options{Ifaces: []string{"Counter"}}, `^testdata/src/shapes/shapes.go:\d+:2: Counter.Len returns int, want error: -iface wraps methods that return only error$`},
		{"shapes", gen.Options{Ifaces: []string{"Ender"}}, `^testdata/src/shapes/shapes.go:\d+:2: Ender.End clashes with the writer method EnderWriter.End$`},
		{"shapes", gen.Options{Ifaces: []string{"Event"}}, `^testdata/src/shapes/shapes.go:13:6: Event is not an interface \(-iface\)$`},
		{"shapes", gen.Options{Ifaces: []string{"Getter"}}, `^testdata/src/shapes/shapes.go:\d+:6: generic interface Getter is not supported \(-iface\)$`},
		{"broken", gen.Options{Types: []string{"Event"}}, `^testdata/src/broken/broken.go:7:13: cannot use "not an int"`},
	}
	for _, tt := range tests {
		_, err := load(t, tt.pkg).Generate(tt.opts)
		if err == nil {
			t.Errorf("%s %+v: no error, want %s", tt.pkg, tt.opts, tt.want)
			continue
		}
		if strings.Contains(err.Error(), "\n") || !regexp.MustCompile(tt.want).MatchString(err.Error()) {
			t.Errorf("%s %+v:\n got %q\nwant %s", tt.pkg, tt.opts, err, tt.want)
		}
	}
}

// A package may use its writer before the writer is first generated.
func TestUndefinedGeneratedNamesTolerated(t *testing.T) {
	if _, err := load(t, "early").Generate(gen.Options{Types: []string{"Event"}, HWM: -1}); err != nil {
		t.Fatal(err)
	}
}

func TestLoadRefusesHandWrittenOutput(t *testing.T) {
	out := filepath.Join("testdata", "src", "shapes", "shapes.go")
	_, err := gen.Load(filepath.Join("testdata", "src", "shapes"), out)
	if err == nil || !strings.Contains(err.Error(), "not generated by bpgen") {
		t.Fatalf("got %v, want a refusal", err)
	}
}

func TestDefaultOutput(t *testing.T) {
	for _, tt := range []struct {
		o    gen.Options
		want string
	}{
		{gen.Options{Types: []string{"Event", "Metric"}}, "event_bpwriter.go"},
		{gen.Options{Types: []string{"*Msg"}}, "msg_bpwriter.go"},
		{gen.Options{Ifaces: []string{"Publisher"}}, "publisher_bpwriter.go"},
	} {
		if got := gen.DefaultOutput(tt.o); got != tt.want {
			t.Errorf("DefaultOutput(%v) = %q, want %q", tt.o, got, tt.want)
		}
	}
}
