package analyzer

import (
	"go/ast"
	"go/constant"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
)

// BP002: a drain listener registered persistently.

// onceMethods maps each persistent registration to its one-shot twin.
var onceMethods = map[string]string{
	"On":              "Once",
	"AddListener":     "Once",
	"PrependListener": "PrependOnceListener",
	"OnDrain":         "OnceDrain",
}

func (c *checker) visitListener(cur inspector.Cursor, call *ast.CallExpr) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return
	}
	name := sel.Sel.Name
	once, ok := onceMethods[name]
	if !ok || !c.set.rules["BP002"] {
		return
	}
	var handler ast.Expr
	if name == "OnDrain" {
		if len(call.Args) != 1 {
			return
		}
		handler = call.Args[0]
	} else {
		if len(call.Args) != 2 || !c.isDrain(call.Args[0]) {
			return
		}
		handler = call.Args[1]
	}
	info := c.pass.TypesInfo
	s := info.Selections[sel]
	if s == nil || s.Kind() != types.MethodVal {
		return
	}
	obj, _, _ := types.LookupFieldOrMethod(s.Recv(), hasPointerRecv(s.Obj()), c.pass.Pkg, once)
	m, ok := obj.(*types.Func)
	if !ok || !types.Identical(info.TypeOf(sel), m.Type()) {
		return
	}
	if c.removedElsewhere(cur, handler) {
		return
	}
	c.diags = append(c.diags, analysis.Diagnostic{
		Pos:      call.Pos(),
		End:      call.End(),
		Category: "BP002",
		Message: describe(s.Obj().(*types.Func), s) + " keeps the drain listener registered after the first drain: register it with " +
			once + ", or remove it explicitly",
		SuggestedFixes: []analysis.SuggestedFix{{
			Message:   "use " + once,
			TextEdits: []analysis.TextEdit{{Pos: sel.Sel.Pos(), End: sel.Sel.End(), NewText: []byte(once)}},
		}},
	})
}

// isDrain reports whether e is a constant equal to "drain".
func (c *checker) isDrain(e ast.Expr) bool {
	v := c.pass.TypesInfo.Types[e].Value
	return v != nil && v.Kind() == constant.String && constant.StringVal(v) == "drain"
}

// removedElsewhere reports whether the listener registered by the call at
// cur is removed in the same function by code other than the handler
// itself: Off/RemoveListener("drain", h) with the same handler value, or
// through the ListenerID the registration returned.
func (c *checker) removedElsewhere(cur inspector.Cursor, handler ast.Expr) bool {
	decl := outermostFunc(cur)
	if decl.Node() == nil {
		return true // package-level initializer: stay silent
	}
	info := c.pass.TypesInfo
	self := c.handlerBodies(decl, handler)
	inHandler := func(n ast.Node) bool {
		for _, lit := range self {
			if lit.Pos() <= n.Pos() && n.End() <= lit.End() {
				return true
			}
		}
		return false
	}

	// The ListenerID: kept anywhere but a local variable, it may be used
	// for removal elsewhere; in a local variable, it must be read outside
	// the handler.
	var id *types.Var
	switch sink, ident := valueSink(cur); sink {
	case sinkOther:
		return true
	case sinkVar:
		id, _ = info.ObjectOf(ident).(*types.Var)
		if id == nil || id.Parent() == c.pass.Pkg.Scope() {
			return true
		}
	}

	for n := range decl.Preorder((*ast.Ident)(nil), (*ast.CallExpr)(nil)) {
		switch x := n.Node().(type) {
		case *ast.Ident:
			if id != nil && info.Uses[x] == id && isRead(n) && !inHandler(x) {
				return true
			}
		case *ast.CallExpr:
			sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr)
			if !ok || (sel.Sel.Name != "Off" && sel.Sel.Name != "RemoveListener") || len(x.Args) != 2 {
				continue
			}
			if c.isDrain(x.Args[0]) && c.sameValue(handler, x.Args[1]) && !inHandler(x) {
				return true
			}
		}
	}
	return false
}

// handlerBodies returns the func literals that make up the handler: the
// literal itself, or those assigned to the handler variable.
func (c *checker) handlerBodies(decl inspector.Cursor, handler ast.Expr) []ast.Node {
	handler = ast.Unparen(handler)
	if lit, ok := handler.(*ast.FuncLit); ok {
		return []ast.Node{lit}
	}
	h, ok := handler.(*ast.Ident)
	if !ok {
		return nil
	}
	v := c.pass.TypesInfo.ObjectOf(h)
	var lits []ast.Node
	for n := range decl.Preorder((*ast.FuncLit)(nil)) {
		if id := assignedIdent(n); id != nil && c.pass.TypesInfo.ObjectOf(id) == v {
			lits = append(lits, n.Node())
		}
	}
	return lits
}

// sameValue reports whether a and b denote the same handler: the same
// variable or function, or the same method value of the same receiver.
func (c *checker) sameValue(a, b ast.Expr) bool {
	a, b = ast.Unparen(a), ast.Unparen(b)
	info := c.pass.TypesInfo
	switch a := a.(type) {
	case *ast.Ident:
		b, ok := b.(*ast.Ident)
		return ok && info.ObjectOf(a) != nil && info.ObjectOf(a) == info.ObjectOf(b)
	case *ast.SelectorExpr:
		b, ok := b.(*ast.SelectorExpr)
		return ok && isPlainName(a.X) && info.ObjectOf(a.Sel) == info.ObjectOf(b.Sel) &&
			types.ExprString(a.X) == types.ExprString(b.X)
	}
	return false
}
