package analyzer

import (
	"go/ast"
	"go/types"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
)

// This file decides which calls produce write signals and infers the
// functions (directives, wrappers) that other packages learn through facts.

const signalDirective = "//bpvet:signal"

// isWriteName reports whether name is Write or Write followed by a new word
// (WriteString, WriteMsg), so that Writeable or Writer do not match.
func isWriteName(name string) bool {
	rest, ok := strings.CutPrefix(name, "Write")
	if !ok {
		return false
	}
	if rest == "" {
		return true
	}
	r, _ := utf8.DecodeRuneInString(rest)
	return unicode.IsUpper(r) || unicode.IsDigit(r) || r == '_'
}

// boolResult reports whether sig has exactly one result, of underlying type bool.
func boolResult(sig *types.Signature) bool {
	if sig == nil || sig.Results().Len() != 1 {
		return false
	}
	b, ok := sig.Results().At(0).Type().Underlying().(*types.Basic)
	return ok && b.Info()&types.IsBoolean != 0
}

// funcKey names fn in the syntax of -funcs and -exclude.
func funcKey(fn *types.Func) string {
	fn = fn.Origin()
	if fn.Pkg() == nil {
		return ""
	}
	recv := fn.Signature().Recv()
	if recv == nil {
		return fn.Pkg().Path() + "." + fn.Name()
	}
	t, ptr := recv.Type(), false
	if p, ok := t.(*types.Pointer); ok {
		t, ptr = p.Elem(), true
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return ""
	}
	return methodKey(n.Obj().Pkg().Path(), n.Obj().Name(), fn.Name(), ptr)
}

// calleeOf returns the object a call invokes, and the selection for
// method calls and field accesses.
func (c *checker) calleeOf(call *ast.CallExpr) (types.Object, *types.Selection) {
	fun := ast.Unparen(call.Fun)
	for {
		switch f := fun.(type) {
		case *ast.IndexExpr:
			fun = ast.Unparen(f.X)
			continue
		case *ast.IndexListExpr:
			fun = ast.Unparen(f.X)
			continue
		}
		break
	}
	info := c.pass.TypesInfo
	switch f := fun.(type) {
	case *ast.Ident:
		return info.Uses[f], nil
	case *ast.SelectorExpr:
		return info.Uses[f.Sel], info.Selections[f]
	}
	return nil, nil
}

// signal reports whether call produces a write signal and, if so, a name
// for its callee fit for a message. Calls to this package's bool functions
// that are not (yet) signals are queued, in case the callee turns out to be
// a wrapper.
func (c *checker) signal(cur inspector.Cursor, call *ast.CallExpr) (string, bool) {
	obj, sel := c.calleeOf(call)
	switch obj := obj.(type) {
	case *types.Func:
		if !boolResult(obj.Signature()) {
			return "", false
		}
		fn := obj.Origin()
		if !c.isSignalFunc(fn) {
			if fn.Pkg() == c.pass.Pkg {
				c.pending[fn] = append(c.pending[fn], cur)
			}
			return "", false
		}
		return describe(fn, sel), true
	case *types.Var:
		// A func-typed field or variable has no declaration to annotate,
		// so only its name counts.
		sig, _ := obj.Type().Underlying().(*types.Signature)
		if isWriteName(obj.Name()) && boolResult(sig) {
			return types.ExprString(call.Fun), true
		}
	}
	return "", false
}

func (c *checker) isSignalFunc(fn *types.Func) bool {
	if len(c.set.exclude) > 0 && c.set.exclude[funcKey(fn)] {
		return false
	}
	if isWriteName(fn.Name()) || c.local[fn] {
		return true
	}
	if len(c.set.funcs) > 0 && c.set.funcs[funcKey(fn)] {
		return true
	}
	return fn.Pkg() != nil && fn.Pkg() != c.pass.Pkg && c.pass.ImportObjectFact(fn, new(signalFact))
}

// describe names fn the way a reader knows it: (*runtime.ByteWriter).Write,
// (W).Write for a method on a type parameter, pkg.Send for a function.
func describe(fn *types.Func, sel *types.Selection) string {
	qual := func(p *types.Package) string { return p.Name() }
	recv := fn.Signature().Recv()
	if recv == nil {
		if fn.Pkg() == nil {
			return fn.Name()
		}
		return qual(fn.Pkg()) + "." + fn.Name()
	}
	t := recv.Type()
	if sel != nil {
		base := t
		if p, ok := base.(*types.Pointer); ok {
			base = p.Elem()
		}
		// A method of an unnamed interface (a constraint) is best named
		// after the type parameter.
		// Same for a method promoted from an unexported embedded type.
		n, named := types.Unalias(base).(*types.Named)
		if !named || isTypeParam(sel.Recv()) || len(sel.Index()) > 1 && !n.Obj().Exported() {
			t = sel.Recv()
		}
	}
	return "(" + types.TypeString(t, qual) + ")." + fn.Name()
}

func isTypeParam(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	_, ok := types.Unalias(t).(*types.TypeParam)
	return ok
}

// exportDirectiveFacts marks functions, methods and interface methods whose
// doc comment carries //bpvet:signal. It runs on generated files too, since
// generated writers are where such methods usually live.
func (c *checker) exportDirectiveFacts() {
	info := c.pass.TypesInfo
	mark := func(id *ast.Ident) {
		if fn, ok := info.Defs[id].(*types.Func); ok && boolResult(fn.Signature()) {
			c.markSignal(fn, "directive")
		}
	}
	for _, f := range c.pass.Files {
		for _, decl := range f.Decls {
			switch decl := decl.(type) {
			case *ast.FuncDecl:
				if hasDirective(decl.Doc) {
					mark(decl.Name)
				}
			case *ast.GenDecl:
				for _, spec := range decl.Specs {
					ts, ok := spec.(*ast.TypeSpec)
					if !ok {
						continue
					}
					it, ok := ts.Type.(*ast.InterfaceType)
					if !ok {
						continue
					}
					for _, m := range it.Methods.List {
						if len(m.Names) == 1 && hasDirective(m.Doc) {
							mark(m.Names[0])
						}
					}
				}
			}
		}
	}
}

func hasDirective(doc *ast.CommentGroup) bool {
	if doc == nil {
		return false
	}
	for _, com := range doc.List {
		if rest, ok := strings.CutPrefix(com.Text, signalDirective); ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t') {
			return true
		}
	}
	return false
}

// markSignal records fn as a signal function of this package and exports
// the fact, then revisits the calls to fn seen so far.
func (c *checker) markSignal(fn *types.Func, via string) {
	if c.local[fn] {
		return
	}
	if len(c.set.exclude) > 0 && c.set.exclude[funcKey(fn)] {
		return
	}
	c.local[fn] = true
	if !isWriteName(fn.Name()) {
		c.pass.ExportObjectFact(fn, &signalFact{Via: via})
	}
	calls := c.pending[fn]
	delete(c.pending, fn)
	for _, cur := range calls {
		c.visitCall(cur)
	}
}

// inferWrapper marks the enclosing function declaration as a wrapper when
// the signal call at cur is what it returns: return w.Write(p),
// return ok && w.Write(p), or ok := w.Write(p) ... return ok.
func (c *checker) inferWrapper(cur inspector.Cursor) {
	node := cur
	parent := node.Parent()
	for {
		switch p := parent.Node().(type) {
		case *ast.ParenExpr:
			node, parent = parent, parent.Parent()
			continue
		case *ast.BinaryExpr:
			if p.Op.String() == "&&" {
				node, parent = parent, parent.Parent()
				continue
			}
		}
		break
	}
	var decl inspector.Cursor
	switch parent.Node().(type) {
	case *ast.ReturnStmt:
		if len(parent.Node().(*ast.ReturnStmt).Results) != 1 {
			return
		}
		decl = enclosingFunc(parent)
	case *ast.AssignStmt, *ast.ValueSpec:
		id := assignedIdent(node)
		if id == nil {
			return
		}
		v, ok := c.pass.TypesInfo.ObjectOf(id).(*types.Var)
		if !ok {
			return
		}
		decl = enclosingFunc(parent)
		if !c.returnsVar(decl, v) {
			return
		}
	default:
		return
	}
	fd, ok := decl.Node().(*ast.FuncDecl)
	if !ok {
		return
	}
	if fn, ok := c.pass.TypesInfo.Defs[fd.Name].(*types.Func); ok && boolResult(fn.Signature()) {
		c.markSignal(fn, "wrapper")
	}
}

// returnsVar reports whether the function at decl has a return v statement
// of its own (not one of a nested func literal).
func (c *checker) returnsVar(decl inspector.Cursor, v *types.Var) bool {
	if _, ok := decl.Node().(*ast.FuncDecl); !ok {
		return false
	}
	for ret := range decl.Preorder((*ast.ReturnStmt)(nil)) {
		r := ret.Node().(*ast.ReturnStmt)
		if len(r.Results) != 1 || enclosingFunc(ret) != decl {
			continue
		}
		if id, ok := ast.Unparen(r.Results[0]).(*ast.Ident); ok && c.pass.TypesInfo.Uses[id] == v {
			return true
		}
	}
	return false
}

// enclosingFunc returns the innermost FuncDecl or FuncLit around cur, or
// the root (whose Node is nil) for package-level code.
func enclosingFunc(cur inspector.Cursor) inspector.Cursor {
	for f := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		return f
	}
	return cur.Inspector().Root()
}

// outermostFunc returns the outermost FuncDecl or FuncLit around cur, or
// the root.
func outermostFunc(cur inspector.Cursor) inspector.Cursor {
	out := cur.Inspector().Root()
	for f := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		out = f
	}
	return out
}

// funcBody returns the body of a FuncDecl or FuncLit node, or nil.
func funcBody(n ast.Node) *ast.BlockStmt {
	switch n := n.(type) {
	case *ast.FuncDecl:
		return n.Body
	case *ast.FuncLit:
		return n.Body
	}
	return nil
}

// assignedIdent returns the identifier the value at cur is assigned to, when
// cur is the right-hand side of a one-to-one assignment or var spec.
func assignedIdent(cur inspector.Cursor) *ast.Ident {
	kind, i := cur.ParentEdge()
	var lhs ast.Expr
	switch p := cur.Parent().Node().(type) {
	case *ast.AssignStmt:
		if kind != edge.AssignStmt_Rhs || len(p.Lhs) != len(p.Rhs) {
			return nil
		}
		lhs = p.Lhs[i]
	case *ast.ValueSpec:
		if kind != edge.ValueSpec_Values || len(p.Names) != len(p.Values) {
			return nil
		}
		lhs = p.Names[i]
	}
	id, _ := ast.Unparen(lhs).(*ast.Ident)
	return id
}
