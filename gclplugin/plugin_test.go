package gclplugin_test

import (
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"

	_ "github.com/bpvet/bpvet/gclplugin"
)

func newPlugin(t *testing.T, settings any) (register.LinterPlugin, error) {
	t.Helper()
	newFn, err := register.GetPlugin("bpvet")
	if err != nil {
		t.Fatal(err)
	}
	return newFn(settings)
}

func TestSettingsMapOntoConfig(t *testing.T) {
	p, err := newPlugin(t, map[string]any{
		"rules":             []any{"BP002"},
		"exclude":           []any{"(*example.com/pkg.Latch).Write"},
		"include-generated": true,
		"signals":           "names",
	})
	if err != nil {
		t.Fatal(err)
	}
	if p.GetLoadMode() != register.LoadModeTypesInfo {
		t.Errorf("load mode = %q, want %q", p.GetLoadMode(), register.LoadModeTypesInfo)
	}
	as, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != 1 || as[0].Name != "bpvet" {
		t.Fatalf("analyzers = %v, want one named bpvet", as)
	}
	// The settings reach the analyzer's flags, which are the standalone
	// command's flags.
	for name, want := range map[string]string{"rules": "BP002", "exclude": "(*example.com/pkg.Latch).Write", "include-generated": "true", "signals": "names"} {
		f := as[0].Flags.Lookup(name)
		if f == nil {
			t.Fatalf("analyzer has no -%s flag", name)
		}
		if got := f.Value.String(); !strings.Contains(got, want) {
			t.Errorf("-%s = %q, want %q", name, got, want)
		}
	}
}

func TestBadSettings(t *testing.T) {
	for _, tc := range []struct {
		settings any
		want     string
	}{
		{map[string]any{"rulez": []any{"BP001"}}, `"rulez"`},
		{map[string]any{"rules": []any{"BP999"}}, "BP999"},
		{map[string]any{"funcs": []any{"not a name"}}, "not a name"},
		{map[string]any{"include-generated": "yes"}, "include-generated"},
		{map[string]any{"signals": "all"}, `invalid signals "all"`},
	} {
		_, err := newPlugin(t, tc.settings)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("settings %v: error %v, want one mentioning %s", tc.settings, err, tc.want)
		}
	}
}
