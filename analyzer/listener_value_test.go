package analyzer_test

import (
	"testing"

	"github.com/bpvet/bpvet/analyzer"
	"golang.org/x/tools/go/analysis/analysistest"
)

// TestEmitterValue covers BP002's question of what undoes a drain
// registration: only a removal or clear that reaches the same emitter
// value, as a variable or as the struct field that holds it.
func TestEmitterValue(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), analyzer.Analyzer, "emittervalue")
}
