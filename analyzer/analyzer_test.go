package analyzer_test

import (
	"path/filepath"
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
	// gen.go's expectation must not be met by default.
	res := analysistest.Run(&quiet{T: t}, analysistest.TestData(), analyzer.Analyzer, "generated")
	for _, r := range res {
		for _, d := range r.Diagnostics {
			if pos := r.Pass.Fset.Position(d.Pos); filepath.Base(pos.Filename) == "gen.go" {
				t.Errorf("reported in a generated file: %v: %s", pos, d.Message)
			}
		}
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

// quiet drops analysistest's complaints about unmet expectations.
type quiet struct{ *testing.T }

func (q *quiet) Errorf(format string, args ...any) {}

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
