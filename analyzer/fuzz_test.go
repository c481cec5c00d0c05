package analyzer

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
)

// fuzzImporter resolves the packages of testdata/src from source and the
// std packages that testdata imports from export data, caching both across
// fuzz iterations. Other paths fail at once: mutated import paths must not
// each cost a go list.
type fuzzImporter struct {
	mu    sync.Mutex
	cache map[string]*types.Package
	local map[string][]string // import path: the package's files in testdata/src
	std   map[string]bool     // the other paths testdata imports
	gc    types.Importer
}

var imports = sync.OnceValue(newFuzzImporter)

// newFuzzImporter lists the packages of testdata/src and what they import.
func newFuzzImporter() *fuzzImporter {
	im := &fuzzImporter{
		cache: make(map[string]*types.Package),
		local: make(map[string][]string),
		std:   make(map[string]bool),
		gc:    importer.Default(),
	}
	var paths []string
	filepath.WalkDir("testdata/src", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".go") {
			dir, _ := filepath.Rel("testdata/src", filepath.Dir(path))
			im.local[filepath.ToSlash(dir)] = append(im.local[filepath.ToSlash(dir)], path)
			paths = append(paths, path)
		}
		return nil
	})
	for _, path := range paths {
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			continue // the seed check reports it
		}
		for _, spec := range f.Imports {
			if p := strings.Trim(spec.Path.Value, `"`); im.local[p] == nil {
				im.std[p] = true
			}
		}
	}
	return im
}

func (im *fuzzImporter) Import(path string) (*types.Package, error) {
	im.mu.Lock()
	defer im.mu.Unlock()
	return im.load(path)
}

// load imports path; im.mu is held.
func (im *fuzzImporter) load(path string) (*types.Package, error) {
	if p, ok := im.cache[path]; ok {
		return p, nil
	}
	var p *types.Package
	var err error
	switch {
	case im.local[path] != nil:
		p, err = im.checkLocal(path)
	case im.std[path]:
		p, err = im.gc.Import(path)
	default:
		err = os.ErrNotExist
	}
	if err != nil {
		return nil, err
	}
	im.cache[path] = p
	return p, nil
}

// checkLocal type-checks a package of testdata/src. im.mu is held.
func (im *fuzzImporter) checkLocal(path string) (*types.Package, error) {
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range im.local[path] {
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	conf := types.Config{Importer: importerFunc(im.load)}
	return conf.Check(path, fset, files, nil)
}

type importerFunc func(string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// FuzzAnalyzer runs bpvet on arbitrary well-typed source: it must not panic,
// and every suggested fix must apply cleanly and leave parseable code.
func FuzzAnalyzer(f *testing.F) {
	// Every testdata package is a seed, nested ones included, its files
	// merged into one; each must type-check: a seed that does not tests
	// nothing.
	im := imports()
	var bad []error
	for _, path := range slices.Sorted(maps.Keys(im.local)) {
		src, err := mergeFiles(im.local[path])
		if err == nil {
			_, _, _, _, err = typeCheck(src)
		}
		if err != nil {
			bad = append(bad, fmt.Errorf("seed testdata/src/%s does not type-check: %v", path, err))
			continue
		}
		f.Add(src)
	}
	if err := errors.Join(bad...); err != nil {
		f.Fatal(err)
	}
	f.Add([]byte("package p\nfunc f() { for { } }\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		fset, file, pkg, info, err := typeCheck(src)
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

// mergeFiles joins the files of a package into one source: every file's
// header comments, then one import declaration, then every file's body.
func mergeFiles(names []string) ([]byte, error) {
	if len(names) == 1 {
		return os.ReadFile(names[0])
	}
	var head, specs, body bytes.Buffer
	seen := make(map[string]bool)
	var pkg string
	for _, name := range names {
		src, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, name, src, parser.ParseComments|parser.ImportsOnly)
		if err != nil {
			return nil, err
		}
		off := func(pos token.Pos) int { return fset.Position(pos).Offset }
		head.Write(src[:off(f.Package)])
		pkg = f.Name.Name
		end := off(f.Name.End())
		for _, d := range f.Decls { // only imports, under ImportsOnly
			end = off(d.End())
			for _, spec := range d.(*ast.GenDecl).Specs {
				if text := string(src[off(spec.Pos()):off(spec.End())]); !seen[text] {
					seen[text] = true
					fmt.Fprintf(&specs, "\t%s\n", text)
				}
			}
		}
		body.Write(src[end:])
		body.WriteByte('\n')
	}
	return fmt.Appendf(nil, "%spackage %s\n\nimport (\n%s)\n%s", head.Bytes(), pkg, specs.Bytes(), body.Bytes()), nil
}

// typeCheck parses src as the file p.go of package example.com/p and
// type-checks it with the fuzz importer.
func typeCheck(src []byte) (*token.FileSet, *ast.File, *types.Package, *types.Info, error) {
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
		return nil, nil, nil, nil, err
	}
	conf := types.Config{Importer: imports()}
	pkg, err := conf.Check("example.com/p", fset, []*ast.File{file}, info)
	return fset, file, pkg, info, err
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
