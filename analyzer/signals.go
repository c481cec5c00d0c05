package analyzer

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"
)

// This file is the first phase: it decides which functions of the package
// return write signals, as printf first finds its wrappers, and answers for
// any call whether it produces one.

const signalDirective = "//bpvet:signal"

// inferSignals decides every bool function and interface method declared
// in the package from its own evidence, then finds the wrappers, and
// exports each verdict as a fact.
func (c *checker) inferSignals() {
	c.decideBoolTypes()
	var wrappers []candidate
	for cur := range c.in.Root().Preorder((*ast.FuncDecl)(nil), (*ast.InterfaceType)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.FuncDecl:
			fn, ok := c.pass.TypesInfo.Defs[n.Name].(*types.Func)
			if !ok || !boolResult(fn.Signature()) {
				continue
			}
			if ev, ok := c.declEvidence(fn, n.Doc, nil); ok {
				c.decide(fn, ev)
			}
			if n.Body != nil && !c.local[fn].signal {
				if calls := c.returnedCalls(n.Body); len(calls) > 0 {
					wrappers = append(wrappers, candidate{fn, calls})
				}
			}
		case *ast.InterfaceType:
			for _, m := range n.Methods.List {
				if len(m.Names) != 1 {
					continue
				}
				fn, ok := c.pass.TypesInfo.Defs[m.Names[0]].(*types.Func)
				if !ok || !boolResult(fn.Signature()) {
					continue
				}
				if ev, ok := c.declEvidence(fn, m.Doc, m.Comment); ok {
					c.decide(fn, ev)
				}
			}
		}
	}
	// A wrapper may call one declared after it: repeat until nothing changes.
	for changed := true; changed; {
		changed = false
		for _, w := range wrappers {
			if c.local[w.fn].signal {
				continue
			}
			for _, call := range w.calls {
				if _, name, ok := c.signalOf(call); ok {
					c.decide(w.fn, evidence{signal: true, via: viaWrapper, why: "it returns the result of " + name})
					changed = true
					break
				}
			}
		}
	}
}

// candidate is a bool function and the calls whose results it returns.
type candidate struct {
	fn    *types.Func
	calls []*ast.CallExpr
}

// decide records the verdict on obj, a function or named bool type of
// this package.
func (c *checker) decide(obj types.Object, ev evidence) {
	c.local[obj] = ev
	c.pass.ExportObjectFact(obj, &signalFact{Signal: ev.signal, Via: ev.via, Why: ev.why})
}

// declEvidence reads what fn's declaration says about its result, strongest
// evidence first. Only the directive applies to any name; the inferred
// tiers apply to Write… and write… names, since most bool results are not
// signals.
func (c *checker) declEvidence(fn *types.Func, docs ...*ast.CommentGroup) (evidence, bool) {
	var doc strings.Builder
	for _, d := range docs {
		if hasDirective(d) {
			return evidence{signal: true, via: viaDirective, why: "it is marked " + signalDirective}, true
		}
		doc.WriteString(d.Text())
	}
	if !writeLike(fn.Name()) {
		return evidence{}, false
	}
	sig := fn.Signature()
	res, resOK := resultEvidence(sig)
	if resOK && !res.signal {
		return res, true
	}
	if ev, ok := docEvidence(doc.String(), intParams(fn.Signature())...); ok {
		return ev, true
	}
	if resOK {
		return res, true
	}
	if ev, ok := c.boolTypeEvidence(sig.Results().At(0).Type()); ok {
		return ev, true
	}
	// The receiver's methods, then its type's doc, which describes much
	// else and so comes last.
	recv := sig.Recv()
	if recv == nil {
		return evidence{}, false
	}
	// The methods of an unnamed interface (a constraint) are judged at the
	// call site, where the type parameter gives the receiver a name.
	if !isUnnamedInterface(recv.Type()) {
		if ev, ok := c.surface(recv.Type()).evidence(recv.Type(), c.usesDrain()); ok {
			return ev, true
		}
	}
	if tn := namedObj(recv.Type()); tn != nil && tn.Pkg() == c.pass.Pkg {
		return typeDocEvidence(c.typeDoc(tn), fn.Name(), tn.Name())
	}
	return evidence{}, false
}

// intParams returns the lower-cased names of sig's integer parameters: a
// doc that names one speaks of a position, as a bounds check does.
func intParams(sig *types.Signature) []string {
	var names []string
	for v := range sig.Params().Variables() {
		if b, ok := v.Type().Underlying().(*types.Basic); ok && b.Info()&types.IsInteger != 0 && v.Name() != "" {
			names = append(names, strings.ToLower(v.Name()))
		}
	}
	return names
}

// boolTypeEvidence reads a named bool result type: its name (type More
// bool) and its doc comment, here or through the fact its package
// exported.
func (c *checker) boolTypeEvidence(t types.Type) (evidence, bool) {
	tn := namedObj(t)
	if tn == nil || tn.Pkg() == nil {
		return evidence{}, false
	}
	if tn.Pkg() != c.pass.Pkg {
		var f signalFact
		if c.pass.ImportObjectFact(tn, &f) {
			return f.evidence(), true
		}
		return evidence{}, false
	}
	ev, ok := c.local[tn]
	return ev, ok
}

// decideBoolTypes records the evidence of each named bool type declared
// in the package, so that a Write… returning it can be judged here and in
// other packages.
func (c *checker) decideBoolTypes() {
	for tn, doc := range c.typeDocs() {
		if b, ok := tn.Type().Underlying().(*types.Basic); !ok || b.Info()&types.IsBoolean == 0 {
			continue
		}
		why := "its result type " + tn.Name()
		ev, ok := nameWords(tn.Name(), why+" says so by name")
		if !ok || ev.signal {
			if d, dok := docEvidence(withoutName(doc, tn.Name())); dok {
				ev, ok = d, true
				ev.why = strings.Replace(ev.why, "its doc comment", "the doc comment of "+why, 1)
			}
		}
		if ok {
			c.decide(tn, ev)
		}
	}
}

// typeDoc returns the doc comment of a type declared in the package.
func (c *checker) typeDoc(tn *types.TypeName) string { return c.typeDocs()[tn] }

// typeDocs maps each type the package declares to its doc comment and line
// comment, built on first need.
func (c *checker) typeDocs() map[*types.TypeName]string {
	if c.docs != nil {
		return c.docs
	}
	c.docs = make(map[*types.TypeName]string)
	for cur := range c.in.Root().Preorder((*ast.GenDecl)(nil)) {
		gd := cur.Node().(*ast.GenDecl)
		if gd.Tok != token.TYPE {
			continue
		}
		for _, spec := range gd.Specs {
			ts := spec.(*ast.TypeSpec)
			tn, ok := c.pass.TypesInfo.Defs[ts.Name].(*types.TypeName)
			if !ok {
				continue
			}
			doc := ts.Doc
			if doc == nil && len(gd.Specs) == 1 {
				doc = gd.Doc
			}
			c.docs[tn] = doc.Text() + " " + ts.Comment.Text()
		}
	}
	return c.docs
}

// namedObj returns the type name of t or *t when t is a defined type.
func namedObj(t types.Type) *types.TypeName {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Origin().Obj()
	}
	return nil
}

func hasDirective(doc *ast.CommentGroup) bool {
	if doc == nil {
		return false
	}
	for _, com := range doc.List {
		if _, ok := cutDirective(com.Text, signalDirective); ok {
			return true
		}
	}
	return false
}

// returnedCalls returns the calls whose bool results body returns: return
// f(), return ok && f(), or ok := f() ... return ok. Nested func literals
// return for themselves and are skipped.
func (c *checker) returnedCalls(body *ast.BlockStmt) []*ast.CallExpr {
	var calls []*ast.CallExpr
	vars := make(map[types.Object]bool)
	var collect func(e ast.Expr)
	collect = func(e ast.Expr) {
		switch e := ast.Unparen(e).(type) {
		case *ast.CallExpr:
			calls = append(calls, e)
		case *ast.BinaryExpr:
			if e.Op == token.LAND {
				collect(e.X)
				collect(e.Y)
			}
		case *ast.Ident:
			if obj := c.pass.TypesInfo.Uses[e]; obj != nil && obj.Parent() != c.pass.Pkg.Scope() {
				vars[obj] = true
			}
		}
	}
	own := func(visit func(ast.Node)) {
		ast.Inspect(body, func(n ast.Node) bool {
			if _, lit := n.(*ast.FuncLit); lit {
				return false
			}
			visit(n)
			return true
		})
	}
	own(func(n ast.Node) {
		if r, ok := n.(*ast.ReturnStmt); ok && len(r.Results) == 1 {
			collect(r.Results[0])
		}
	})
	if len(vars) == 0 {
		return calls
	}
	info := c.pass.TypesInfo
	own(func(n ast.Node) {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i, l := range n.Lhs {
					if id, ok := l.(*ast.Ident); ok && vars[info.ObjectOf(id)] {
						collect(n.Rhs[i])
					}
				}
			}
		case *ast.ValueSpec:
			if len(n.Names) == len(n.Values) {
				for i, id := range n.Names {
					if vars[info.ObjectOf(id)] {
						collect(n.Values[i])
					}
				}
			}
		}
	})
	return calls
}

// signalOf reports whether call produces a write signal, with the evidence
// and a name for the callee fit for a message.
func (c *checker) signalOf(call *ast.CallExpr) (evidence, string, bool) {
	info := c.pass.TypesInfo
	switch obj := typeutil.Callee(info, call).(type) {
	case *types.Func:
		if !boolResult(obj.Signature()) {
			return evidence{}, "", false
		}
		fn := obj.Origin()
		_, sel := methodCall(info, call)
		if ev, ok := c.verdict(fn, sel); ok {
			return ev, describe(fn, sel), true
		}
	case *types.Var:
		// A func-typed field or variable has no declaration to carry
		// evidence: only its name counts, and only under -signals=names.
		sig, _ := obj.Type().Underlying().(*types.Signature)
		if c.set.names && isWriteName(obj.Name()) && boolResult(sig) {
			return nameEvidence, types.ExprString(call.Fun), true
		}
	}
	return evidence{}, "", false
}

var nameEvidence = evidence{signal: true, via: viaName, why: "its name starts with Write (-signals=names)"}

// verdict decides whether fn, called through sel (nil for a function),
// returns a signal: -exclude, -funcs, the declaration's own evidence, then
// the receiver at the call site, whose static type may show more than the
// declaring type (an interface embedding the writer, say).
func (c *checker) verdict(fn *types.Func, sel *types.Selection) (evidence, bool) {
	if len(c.set.exclude) > 0 && c.set.exclude[funcKey(fn)] {
		return evidence{}, false
	}
	if len(c.set.funcs) > 0 && c.set.funcs[funcKey(fn)] {
		return evidence{signal: true, via: viaFuncs, why: "-funcs names it"}, true
	}
	ev, decided := c.declared(fn)
	if decided && (ev.signal || !c.set.names) {
		return ev, ev.signal
	}
	if !writeLike(fn.Name()) {
		return evidence{}, false
	}
	if sel != nil && (!decided || c.set.names) {
		if ev, ok := c.surface(sel.Recv()).evidence(sel.Recv(), c.usesDrain()); ok {
			return ev, true
		}
	}
	if c.set.names && isWriteName(fn.Name()) {
		return nameEvidence, true
	}
	return evidence{}, false
}

// declared returns the verdict of fn's declaration: this package's, or the
// fact its own package exported.
func (c *checker) declared(fn *types.Func) (evidence, bool) {
	if fn.Pkg() == c.pass.Pkg {
		ev, ok := c.local[fn]
		return ev, ok
	}
	var f signalFact
	if fn.Pkg() != nil && c.pass.ImportObjectFact(fn, &f) {
		return f.evidence(), true
	}
	return evidence{}, false
}

// surface returns the drain surface of t, cached.
func (c *checker) surface(t types.Type) drainSurface {
	if s, ok := c.surfaces[t]; ok {
		return s
	}
	s := surfaceOf(t, c.pass.Pkg, &c.msets)
	c.surfaces[t] = s
	return s
}

// usesDrain reports whether the package spells the event name "drain",
// which makes its On/Once emitters drain-aware.
func (c *checker) usesDrain() bool {
	if c.drainLit == 0 {
		c.drainLit = -1
		for cur := range c.in.Root().Preorder((*ast.BasicLit)(nil)) {
			if lit := cur.Node().(*ast.BasicLit); lit.Kind == token.STRING && (lit.Value == `"drain"` || lit.Value == "`drain`") {
				c.drainLit = 1
				break
			}
		}
	}
	return c.drainLit > 0
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

func isUnnamedInterface(t types.Type) bool {
	_, ok := types.Unalias(t).(*types.Interface)
	return ok
}
