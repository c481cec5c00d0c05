package analyzer

import (
	"flag"
	"maps"
	"strings"
	"testing"
)

func TestParseFuncName(t *testing.T) {
	for in, want := range map[string]string{
		"example.com/pkg.Send":            "example.com/pkg.Send",
		"(*example.com/pkg.Conn).send":    "(*example.com/pkg.Conn).send",
		"(example.com/a/b.Q).Put":         "(example.com/a/b.Q).Put",
		"(*example.com/pkg.Sink[T]).Push": "(*example.com/pkg.Sink).Push",
		" (*example.com/pkg.Conn).send  ": "(*example.com/pkg.Conn).send",
		"fmt.Println":                     "fmt.Println",
	} {
		got, err := parseFuncName(in)
		if err != nil || got != want {
			t.Errorf("parseFuncName(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "Send", "pkg.", "(pkg.T.M", "(pkg.T).", "(*T).M", "a/b", "pkg.1x", "(pkg.T).M.N"} {
		if got, err := parseFuncName(in); err == nil {
			t.Errorf("parseFuncName(%q) = %q, want error", in, got)
		}
	}
}

func TestValidate(t *testing.T) {
	if err := (Config{}).Validate(); err != nil {
		t.Fatal(err)
	}
	for cfg, want := range map[*Config]string{
		{Rules: []string{"BP009"}}: `unknown rule "BP009"`,
		{Funcs: []string{"Send"}}:  `invalid function name "Send"`,
		{Exclude: []string{"x.("}}: `invalid function name "x.("`,
	} {
		if err := cfg.Validate(); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate(%+v) = %v, want %q", *cfg, err, want)
		}
	}
	if _, err := New(Config{Rules: []string{"nope"}}); err == nil {
		t.Error("New accepted an unknown rule")
	}
}

// Every flag parses into the analyzer's Config and compiles to the
// settings the passes use.
func TestFlags(t *testing.T) {
	args := []string{"-rules=BP001,bp002", "-funcs=b.G", "-funcs", "(*c.T).M", "-exclude=d.H", "-include-generated", "-signals=names"}
	a := newAnalyzer(Config{Funcs: []string{"a.F"}})
	if err := a.Flags.Parse(args); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"rules":             "BP001,bp002",
		"funcs":             "a.F,b.G,(*c.T).M",
		"exclude":           "d.H",
		"include-generated": "true",
		"signals":           "names",
	}
	a.Flags.VisitAll(func(f *flag.Flag) {
		if w, ok := want[f.Name]; !ok {
			t.Errorf("-%s is not covered by this test", f.Name)
		} else if got := f.Value.String(); got != w {
			t.Errorf("-%s = %q, want %q", f.Name, got, w)
		}
		delete(want, f.Name)
	})
	for name := range want {
		t.Errorf("no flag -%s", name)
	}

	// The same flags, bound to a Config the test can see, compile to
	// these settings.
	var cfg Config
	fs := flag.NewFlagSet("bpvet", flag.ContinueOnError)
	cfg.bindFlags(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	set, err := cfg.compile()
	if err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(set.rules, map[string]bool{"BP001": true, "BP002": true}) ||
		!maps.Equal(set.funcs, map[string]bool{"b.G": true, "(*c.T).M": true}) ||
		!maps.Equal(set.exclude, map[string]bool{"d.H": true}) ||
		!set.names || !set.includeGenerated {
		t.Errorf("settings %+v, want rules BP001 and BP002, funcs b.G and (*c.T).M, exclude d.H, names, generated files included", *set)
	}

	for _, bad := range []string{"-rules=BP9", "-funcs=nodot", "-exclude=(x", "-signals=all", "-include-generated=maybe"} {
		b := newAnalyzer(Config{})
		b.Flags.SetOutput(new(strings.Builder))
		if err := b.Flags.Parse([]string{bad}); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

func TestExplain(t *testing.T) {
	for _, r := range Rules {
		doc, err := Explain(strings.ToLower(r.ID))
		if err != nil || !strings.HasPrefix(doc, r.ID+": "+r.Title) || !strings.Contains(doc, "Before:") {
			t.Errorf("Explain(%s) = %q, %v", r.ID, doc, err)
		}
	}
	if _, err := Explain("BP404"); err == nil {
		t.Error("Explain accepted an unknown rule")
	}
}
