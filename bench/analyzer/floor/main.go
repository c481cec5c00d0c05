// Command floor is the benchmark baseline for bpvet: an analyzer that only
// requires inspect.Analyzer, so a run costs loading, type-checking and
// building the inspector, under the same driver as bpvet.
package main

import (
	"github.com/bpvet/bpvet/internal/driver"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
)

var floor = &analysis.Analyzer{
	Name:     "floor",
	Doc:      "does nothing beyond requiring the inspector",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      func(*analysis.Pass) (any, error) { return nil, nil },
}

func main() { driver.Main(floor) }
