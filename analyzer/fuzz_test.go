package analyzer

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"sync"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
)

// fuzzImporter resolves the runtime stand-in from testdata and a few std
// packages from export data, caching both across fuzz iterations. Other
// paths fail at once: mutated import paths must not each cost a go list.
type fuzzImporter struct {
	mu    sync.Mutex
	cache map[string]*types.Package
	std   types.Importer
}

var imports = &fuzzImporter{cache: make(map[string]*types.Package), std: importer.Default()}

var fuzzStd = map[string]bool{"context": true, "fmt": true, "io": true, "os": true, "strings": true, "sync": true}

func (im *fuzzImporter) Import(path string) (*types.Package, error) {
	im.mu.Lock()
	defer im.mu.Unlock()
	if p, ok := im.cache[path]; ok {
		return p, nil
	}
	var p *types.Package
	var err error
	switch {
	case path == "github.com/bpvet/bpvet/runtime":
		p, err = checkStub(path, "testdata/src/github.com/bpvet/bpvet/runtime/runtime.go")
	case fuzzStd[path]:
		p, err = im.std.Import(path)
	default:
		err = os.ErrNotExist
	}
	if err != nil {
		return nil, err
	}
	im.cache[path] = p
	return p, nil
}

// checkStub type-checks a one-file package from testdata.
func checkStub(path, name string) (*types.Package, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	conf := types.Config{Importer: importerFunc(func(p string) (*types.Package, error) { return imports.std.Import(p) })}
	return conf.Check(path, fset, []*ast.File{f}, nil)
}

type importerFunc func(string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// FuzzAnalyzer runs bpvet on arbitrary well-typed source: it must not panic,
// and every suggested fix must apply cleanly and leave parseable code.
func FuzzAnalyzer(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/src/*/*.go")
	for _, s := range seeds {
		if src, err := os.ReadFile(s); err == nil {
			f.Add(src)
		}
	}
	f.Add([]byte("package p\nfunc f() { for { } }\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		fset := token.NewFileSet()
		info := &types.Info{
			Types:      make(map[ast.Expr]types.TypeAndValue),
			Defs:       make(map[*ast.Ident]types.Object),
			Uses:       make(map[*ast.Ident]types.Object),
			Selections: make(map[*ast.SelectorExpr]*types.Selection),
			Implicits:  make(map[ast.Node]types.Object),
			Scopes:     make(map[ast.Node]*types.Scope),
			Instances:  make(map[*ast.Ident]types.Instance),
		}
		file, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return
		}
		conf := types.Config{Importer: imports}
		pkg, err := conf.Check("example.com/p", fset, []*ast.File{file}, info)
		if err != nil {
			return // drivers do not run bpvet on ill-typed packages
		}
		var diags []analysis.Diagnostic
		facts := make(map[types.Object]analysis.Fact)
		pass := &analysis.Pass{
			Analyzer:   Analyzer,
			Fset:       fset,
			Files:      []*ast.File{file},
			Pkg:        pkg,
			TypesInfo:  info,
			TypesSizes: types.SizesFor("gc", "amd64"),
			ResultOf:   map[*analysis.Analyzer]any{inspect.Analyzer: inspector.New([]*ast.File{file})},
			Report:     func(d analysis.Diagnostic) { diags = append(diags, d) },
			ReadFile: func(name string) ([]byte, error) {
				if name != "p.go" {
					return nil, os.ErrNotExist
				}
				return src, nil
			},
			ImportObjectFact: func(obj types.Object, fact analysis.Fact) bool {
				got, ok := facts[obj]
				if ok {
					reflect.ValueOf(fact).Elem().Set(reflect.ValueOf(got).Elem())
				}
				return ok
			},
			ExportObjectFact:  func(obj types.Object, fact analysis.Fact) { facts[obj] = fact },
			ImportPackageFact: func(*types.Package, analysis.Fact) bool { return false },
			ExportPackageFact: func(analysis.Fact) {},
			AllObjectFacts:    func() []analysis.ObjectFact { return nil },
			AllPackageFacts:   func() []analysis.PackageFact { return nil },
		}
		if _, err := (&state{}).run(pass); err != nil {
			t.Fatal(err)
		}
		for _, d := range diags {
			if d.Category == "" || d.Pos > d.End || !d.Pos.IsValid() {
				t.Errorf("bad diagnostic %+v", d)
			}
			for _, fix := range d.SuggestedFixes {
				fixed := applyEdits(t, fset, src, fix.TextEdits)
				if _, err := parser.ParseFile(token.NewFileSet(), "p.go", fixed, 0); err != nil {
					t.Errorf("fix %q breaks the source: %v\n%s", fix.Message, err, fixed)
				}
			}
		}
	})
}

func applyEdits(t *testing.T, fset *token.FileSet, src []byte, edits []analysis.TextEdit) []byte {
	edits = append([]analysis.TextEdit(nil), edits...)
	sort.Slice(edits, func(i, j int) bool { return edits[i].Pos < edits[j].Pos })
	var out []byte
	last := 0
	for _, e := range edits {
		start, end := fset.Position(e.Pos).Offset, fset.Position(e.End).Offset
		if start < last || end < start || end > len(src) {
			t.Fatalf("bad edit %+v", e)
		}
		out = append(append(out, src[last:start]...), e.NewText...)
		last = end
	}
	return append(out, src[last:]...)
}
