package analyzer

import (
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

func TestFlags(t *testing.T) {
	a := newAnalyzer(Config{Funcs: []string{"a.F"}})
	for _, args := range [][]string{
		{"-rules=BP001,bp002", "-funcs=b.G", "-funcs", "(*c.T).M", "-exclude=d.H", "-include-generated", "-signals=names"},
	} {
		if err := a.Flags.Parse(args); err != nil {
			t.Fatal(err)
		}
	}
	if got := a.Flags.Lookup("funcs").Value.String(); got != "a.F,b.G,(*c.T).M" {
		t.Errorf("-funcs = %q", got)
	}
	for _, bad := range []string{"-rules=BP9", "-funcs=nodot", "-exclude=(x", "-signals=all"} {
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
