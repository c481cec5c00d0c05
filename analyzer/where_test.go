package analyzer_test

import (
	"testing"

	"github.com/bpvet/bpvet/analyzer"
	"golang.org/x/tools/go/analysis/analysistest"
)

// The tests in this file cover write signals documented where people write
// them: on the receiver type, on a named result type, in other words; and
// the wait that BP001's message and fix name.

func TestTypeDoc(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), analyzer.Analyzer, "typedoc")
}

func TestResultType(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), analyzer.Analyzer, "resulttype/flow", "resulttype")
}

func TestOtherWords(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), analyzer.Analyzer, "otherwords")
}

func TestWaitDrainFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), analyzer.Analyzer, "waitctx")
}
