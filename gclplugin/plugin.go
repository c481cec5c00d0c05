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
//	          rules: [BP001, BP002]
//	          funcs: ["(*example.com/pkg.Conn).send"]
//	          exclude: ["example.com/pkg.WriteLatch"]
//	          include-generated: false
//
// The settings are analyzer.Config's fields and mean exactly what bpvet's
// flags -rules, -funcs, -exclude and -generated mean: both go through
// analyzer.New. An unknown key is an error naming it.
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
	cfg analyzer.Config
}

// New decodes golangci-lint's settings for bpvet and validates them.
func New(settings any) (register.LinterPlugin, error) {
	cfg, err := register.DecodeSettings[analyzer.Config](settings)
	if err != nil {
		return nil, fmt.Errorf("bpvet settings: %w", err)
	}
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("bpvet settings: %w", err)
	}
	return &plugin{cfg: cfg}, nil
}

// BuildAnalyzers returns the bpvet analyzer configured from the settings.
func (p *plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	a, err := analyzer.New(p.cfg)
	if err != nil {
		return nil, err
	}
	return []*analysis.Analyzer{a}, nil
}

// GetLoadMode asks for type information, which both rules need.
func (p *plugin) GetLoadMode() string { return register.LoadModeTypesInfo }
