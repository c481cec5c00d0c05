package analyzer_test

import (
	"testing"

	"github.com/bpvet/bpvet/analyzer"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestBP003(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), analyzer.Analyzer, "rtcstub", "bp003")
}

func TestBP003FactsAcrossPackages(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), analyzer.Analyzer, "bp003lib", "bp003use")
}

func TestBP003Exclude(t *testing.T) {
	a, err := analyzer.New(analyzer.Config{Exclude: []string{"(*bp003lib.Pipe).Push", "bp003excl.relay"}})
	if err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, analysistest.TestData(), a, "bp003excl")
}
