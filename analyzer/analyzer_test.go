package analyzer_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bpvet/bpvet/analyzer"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestBP001(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), analyzer.Analyzer, "bp001")
}

func TestBP002(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), analyzer.Analyzer, "bp002")
}

func TestBP001Fixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), analyzer.Analyzer, "bp001fix")
}

func TestFactsAcrossPackages(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), analyzer.Analyzer, "facts/lib", "facts/use")
}

func TestDirectives(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), analyzer.Analyzer, "directives")
}

func TestGenerated(t *testing.T) {
	a, err := analyzer.New(analyzer.Config{IncludeGenerated: true})
	if err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, analysistest.TestData(), a, "generated")
}

func TestGeneratedSkipped(t *testing.T) {
	// By default gen.go's expectation goes unmet, and that must be
	// analysistest's only complaint: a load error fails the test.
	var rec complaints
	res := analysistest.Run(&rec, analysistest.TestData(), analyzer.Analyzer, "generated")
	if len(rec) != 1 || !strings.Contains(rec[0], "gen.go:") || !strings.Contains(rec[0], "no diagnostic was reported") {
		t.Errorf("analysistest complained %q, want only that gen.go's finding is missing", rec)
	}
	plain := 0
	for _, r := range res {
		for _, d := range r.Diagnostics {
			switch pos := r.Pass.Fset.Position(d.Pos); filepath.Base(pos.Filename) {
			case "gen.go":
				t.Errorf("reported in a generated file: %v: %s", pos, d.Message)
			case "plain.go":
				plain++
			}
		}
	}
	if plain != 1 {
		t.Errorf("%d findings in plain.go, want its one: generated files must not hide the others", plain)
	}
}

func TestConfigFuncsExclude(t *testing.T) {
	a, err := analyzer.New(analyzer.Config{
		Rules:   []string{"bp001"},
		Funcs:   []string{"(*config.Conn).send", "config.Offer"},
		Exclude: []string{"(*config.Latch).WriteOK"},
	})
	if err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, analysistest.TestData(), a, "config")
}

// complaints records analysistest's errors instead of failing the test.
type complaints []string

func (c *complaints) Errorf(format string, args ...any) {
	*c = append(*c, fmt.Sprintf(format, args...))
}

func TestEvidence(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), analyzer.Analyzer, "evidence")
}

func TestSignalsNames(t *testing.T) {
	a, err := analyzer.New(analyzer.Config{Signals: analyzer.SignalsNames})
	if err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, analysistest.TestData(), a, "names")
}

func TestEmitters(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), analyzer.Analyzer, "emitter")
}

func TestBP002Lifetime(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), analyzer.Analyzer, "lifetime")
}
