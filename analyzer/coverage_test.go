package analyzer_test

import (
	"testing"

	"github.com/bpvet/bpvet/analyzer"
	"golang.org/x/tools/go/analysis/analysistest"
)

// TestNeedDrainWait covers BP001's wait by drain state: w.NeedDrain() in
// the loop.
func TestNeedDrainWait(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), analyzer.Analyzer, "needdrain")
}

// TestOffClears covers BP002's undo by Off("drain") with no listener.
func TestOffClears(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), analyzer.Analyzer, "offclear")
}
