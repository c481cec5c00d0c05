package analyzer

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
)

// This file holds the syntax and type helpers that both rules and the
// signal inference share.

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

// contains reports whether the node outer spans the node inner.
func contains(outer, inner ast.Node) bool {
	return outer.Pos() <= inner.Pos() && inner.End() <= outer.End()
}

// enclosingLoop returns the for or range statement whose every iteration
// runs the code at cur. A func literal ends the search unless it is invoked
// on the spot or started with go; a deferred one runs after the loop.
func enclosingLoop(cur inspector.Cursor) (inspector.Cursor, bool) {
	node := cur
	for {
		parent := node.Parent()
		switch parent.Node().(type) {
		case nil, *ast.FuncDecl:
			return parent, false
		case *ast.FuncLit:
			if parent.ParentEdgeKind() != edge.CallExpr_Fun {
				return parent, false
			}
			call := parent.Parent()
			if call.ParentEdgeKind() == edge.DeferStmt_Call {
				return parent, false
			}
			node = call
			continue
		case *ast.ForStmt:
			if k := node.ParentEdgeKind(); k == edge.ForStmt_Body || k == edge.ForStmt_Post {
				return parent, true
			}
		case *ast.RangeStmt:
			if node.ParentEdgeKind() == edge.RangeStmt_Body {
				return parent, true
			}
		}
		node = parent
	}
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

type sink int

const (
	sinkOther   sink = iota // consumed: condition, return, argument, field, ...
	sinkDiscard             // expression or go statement, or assigned to _
	sinkVar                 // assigned to the returned identifier
)

// valueSink tells where the value of the expression at cur goes.
func valueSink(cur inspector.Cursor) (sink, *ast.Ident) {
	for {
		if _, ok := cur.Parent().Node().(*ast.ParenExpr); !ok {
			break
		}
		cur = cur.Parent()
	}
	switch cur.Parent().Node().(type) {
	case *ast.ExprStmt, *ast.GoStmt:
		return sinkDiscard, nil
	case *ast.AssignStmt, *ast.ValueSpec:
		id := assignedIdent(cur)
		switch {
		case id == nil:
			return sinkOther, nil
		case id.Name == "_":
			return sinkDiscard, nil
		}
		return sinkVar, id
	}
	return sinkOther, nil
}

// isRead reports whether the identifier at cur reads its variable: it is
// not the target of an assignment, and not the operand of _ = v.
func isRead(cur inspector.Cursor) bool {
	as, ok := cur.Parent().Node().(*ast.AssignStmt)
	if !ok {
		return true
	}
	if cur.ParentEdgeKind() == edge.AssignStmt_Lhs {
		return as.Tok != token.ASSIGN && as.Tok != token.DEFINE
	}
	for _, l := range as.Lhs {
		if id, ok := l.(*ast.Ident); !ok || id.Name != "_" {
			return true
		}
	}
	return false
}

// isPlainName reports whether e is an identifier or a chain of selectors
// on one, which may be evaluated twice without harm.
func isPlainName(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.Ident:
		return true
	case *ast.SelectorExpr:
		return isPlainName(e.X)
	}
	return false
}

// methodCall returns the selector and selection of a method call x.M(...),
// or nils when call is not one.
func methodCall(info *types.Info, call *ast.CallExpr) (*ast.SelectorExpr, *types.Selection) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil, nil
	}
	s := info.Selections[sel]
	if s == nil || s.Kind() != types.MethodVal {
		return nil, nil
	}
	return sel, s
}

// sameReceiverMethod returns the method name that a call through the
// selection s could also make on the same receiver expression, or nil: a
// pointer method counts only when s's own method has a pointer receiver,
// which proves the receiver addressable.
func sameReceiverMethod(s *types.Selection, pkg *types.Package, name string) *types.Func {
	_, ptr := s.Obj().(*types.Func).Signature().Recv().Type().(*types.Pointer)
	obj, _, _ := types.LookupFieldOrMethod(s.Recv(), ptr, pkg, name)
	fn, _ := obj.(*types.Func)
	return fn
}

// boolResult reports whether sig has exactly one result, of underlying type bool.
func boolResult(sig *types.Signature) bool {
	if sig == nil || sig.Results().Len() != 1 {
		return false
	}
	b, ok := sig.Results().At(0).Type().Underlying().(*types.Basic)
	return ok && b.Info()&types.IsBoolean != 0
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

// typeName is the short name of t for messages: Stream for *q.Stream.
func typeName(t types.Type) string {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	switch t := types.Unalias(t).(type) {
	case *types.Named:
		return t.Obj().Name()
	case *types.TypeParam:
		return t.Obj().Name()
	}
	return "the receiver"
}

func isTypeParam(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	_, ok := types.Unalias(t).(*types.TypeParam)
	return ok
}
