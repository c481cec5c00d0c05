// Package gclplugin registers bpvet as a golangci-lint v2 module plugin.
//
// A custom golangci-lint binary built with this package imports it for its
// side effect, and .golangci.yml enables the linter:
//
//	linters:
//	  enable: [bpvet]
//	  settings:
//	    custom:
//	      bpvet:
//	        type: module
//	        settings:
//	          rules: [BP001, BP002, BP003]
//	          signals: evidence # or names
//	          funcs: ["(*example.com/pkg.Conn).send"]
//	          exclude: ["example.com/pkg.WriteLatch"]
//	          include-generated: false
//
// The settings are analyzer.Config's fields and mean exactly what bpvet's
// flags -rules, -signals, -funcs, -exclude and -include-generated mean:
// both go through analyzer.New. An unknown key is an error naming it.
package gclplugin

import (
	"fmt"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/bpvet/bpvet/analyzer"
)

func init() {
	register.Plugin("bpvet", New)
}

type plugin struct {
	a *analysis.Analyzer
}

// New decodes golangci-lint's settings for bpvet and builds the analyzer,
// which validates them.
func New(settings any) (register.LinterPlugin, error) {
	cfg, err := register.DecodeSettings[analyzer.Config](settings)
	if err == nil {
		var p plugin
		if p.a, err = analyzer.New(cfg); err == nil {
			return &p, nil
		}
	}
	return nil, fmt.Errorf("bpvet settings: %w", err)
}

// BuildAnalyzers returns the bpvet analyzer configured from the settings.
func (p *plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return []*analysis.Analyzer{p.a}, nil
}

// GetLoadMode asks for type information, which every rule needs.
func (p *plugin) GetLoadMode() string { return register.LoadModeTypesInfo }
