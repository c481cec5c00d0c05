package analyzer

import (
	"go/ast"
	"go/types"
	"slices"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
)

// Analyzer is bpvet with the default Config. Its flags (-rules, -funcs,
// -exclude, -generated) configure it when run by a driver.
var Analyzer = newAnalyzer(Config{})

// New returns a fresh bpvet analyzer using cfg, for embedding in other
// drivers such as a golangci-lint plugin. Its flags start from cfg.
func New(cfg Config) (*analysis.Analyzer, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return newAnalyzer(cfg), nil
}

func newAnalyzer(cfg Config) *analysis.Analyzer {
	// Each analyzer owns its Config; flags write into it before the first
	// run, which then compiles it once.
	cfg.Rules = slices.Clone(cfg.Rules)
	cfg.Funcs = slices.Clone(cfg.Funcs)
	cfg.Exclude = slices.Clone(cfg.Exclude)
	st := &state{cfg: cfg}
	a := &analysis.Analyzer{
		Name:      "bpvet",
		Doc:       analyzerDoc,
		URL:       "https://pkg.go.dev/github.com/bpvet/bpvet/analyzer",
		Requires:  []*analysis.Analyzer{inspect.Analyzer},
		FactTypes: []analysis.Fact{new(signalFact)},
		Run:       st.run,
	}
	st.cfg.bindFlags(&a.Flags)
	return a
}

type state struct {
	cfg  Config
	once sync.Once
	set  *settings
	err  error
}

func (st *state) settings() (*settings, error) {
	st.once.Do(func() { st.set, st.err = st.cfg.compile() })
	return st.set, st.err
}

func (st *state) run(pass *analysis.Pass) (any, error) {
	set, err := st.settings()
	if err != nil {
		return nil, err
	}
	c := &checker{
		pass:    pass,
		set:     set,
		in:      pass.ResultOf[inspect.Analyzer].(*inspector.Inspector),
		local:   make(map[*types.Func]bool),
		pending: make(map[*types.Func][]inspector.Cursor),
	}
	c.exportDirectiveFacts()
	for cur := range c.in.Root().Preorder((*ast.CallExpr)(nil)) {
		c.visitCall(cur)
		c.visitListener(cur, cur.Node().(*ast.CallExpr))
	}
	c.scanDirectives()
	c.flush()
	return nil, nil
}

// checker is the per-package state of one pass.
type checker struct {
	pass *analysis.Pass
	set  *settings
	in   *inspector.Inspector

	// local holds functions of this package found to produce signals
	// (directive or inferred wrapper); they also get a fact.
	local map[*types.Func]bool
	// pending holds calls to this package's bool functions not yet known to
	// be signals, revisited when a callee turns out to be a wrapper.
	pending map[*types.Func][]inspector.Cursor

	diags   []analysis.Diagnostic
	ignores []ignore
}
