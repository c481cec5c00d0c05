package analyzer_test

import (
	"testing"

	"github.com/bpvet/bpvet/analyzer"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestBP001(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), analyzer.Analyzer, "bp001")
}
