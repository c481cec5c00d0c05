package analyzer

import (
	"go/ast"
	"go/types"
	"slices"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"
)

// Analyzer is bpvet with the default Config. Its flags (-rules, -signals,
// -funcs, -exclude, -include-generated) configure it when run by a driver.
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
		FactTypes: []analysis.Fact{new(signalFact), new(bufferedFact), new(checksAmountFact), new(sendsFact)},
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

// run works in two phases, as printf does: first decide which functions of
// the package return signals (exporting facts), then check every call.
func (st *state) run(pass *analysis.Pass) (any, error) {
	set, err := st.settings()
	if err != nil {
		return nil, err
	}
	c := &checker{
		pass:     pass,
		set:      set,
		in:       pass.ResultOf[inspect.Analyzer].(*inspector.Inspector),
		local:    make(map[types.Object]evidence),
		surfaces: make(map[types.Type]drainSurface),
		sinks:    make(map[types.Type]*bufferedFact),
	}
	c.inferSignals()
	c.inferBuffered()
	for cur := range c.in.Root().Preorder((*ast.CallExpr)(nil)) {
		if set.rules[ruleBP001] {
			c.checkIgnoredSignal(cur)
		}
		if set.rules[ruleBP002] {
			c.checkDrainListener(cur)
		}
		if set.rules[ruleBP003] {
			c.checkBufferedSend(cur)
		}
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

	// local holds the verdicts on this package's functions and named bool
	// types; each is also exported as a fact.
	local map[types.Object]evidence

	surfaces  map[types.Type]drainSurface
	msets     typeutil.MethodSetCache
	drainLit  int                        // 0 unknown, 1 the package spells "drain", -1 not
	pkgReads  map[*types.Var]bool        // package-level variables read anywhere, built on first need
	docs      map[*types.TypeName]string // type doc comments, built on first need
	lifetimes *lifetimes                 // BP002's removals and clears of drain listeners, built on first need

	// BP003: sink verdicts by type, this package's functions that check
	// a buffered amount, its low-threshold listeners and what they signal.
	sinks      map[types.Type]*bufferedFact
	checkers   map[*types.Func]bool
	senders    map[*types.Func]*sendsFact
	lowFuncs   map[*types.Func]bool
	lowSignals map[types.Object]bool
	usesSinks  bool // the package calls a sink's methods, or a checker or sender elsewhere

	diags   []analysis.Diagnostic
	ignores []ignore
}
