package analyzer

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
)

// BP001: a write signal ignored in a loop.

// visitCall handles one call: if it produces a signal, it may make its
// enclosing function a wrapper, and it is reported when ignored in a loop.
func (c *checker) visitCall(cur inspector.Cursor) {
	call := cur.Node().(*ast.CallExpr)
	name, ok := c.signal(cur, call)
	if !ok {
		return
	}
	c.inferWrapper(cur)
	if !c.set.rules["BP001"] {
		return
	}
	loop, ok := enclosingLoop(cur)
	if !ok || waitsForDrain(loop, call) {
		return
	}
	sink, id := valueSink(cur)
	switch sink {
	case sinkOther:
		return
	case sinkVar:
		if !c.neverRead(cur, id) {
			return
		}
	}
	d := analysis.Diagnostic{
		Pos:      call.Pos(),
		End:      call.End(),
		Category: "BP001",
		Message:  "result of " + name + " ignored in loop: stop writing when it returns false and wait for drain",
	}
	if fix, ok := c.drainFix(cur, call); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	c.diags = append(c.diags, d)
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

// enclosingLoop returns the for or range statement whose every iteration
// runs the call at cur. A func literal ends the search unless it is invoked
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

// drainMethods are the ways a loop can honour backpressure without
// reading the write result.
var drainMethods = map[string]bool{"Drain": true, "WaitDrain": true, "NeedDrain": true}

// waitsForDrain reports whether the loop also consults the drain state of
// the writer the call writes to (w.WaitDrain(ctx), <-w.Drain(),
// w.NeedDrain()): such a loop handles backpressure by other means.
func waitsForDrain(loop inspector.Cursor, call *ast.CallExpr) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || !isPlainName(sel.X) {
		return false
	}
	recv := types.ExprString(sel.X)
	for n := range loop.Preorder((*ast.CallExpr)(nil)) {
		s, ok := ast.Unparen(n.Node().(*ast.CallExpr).Fun).(*ast.SelectorExpr)
		if ok && drainMethods[s.Sel.Name] && types.ExprString(s.X) == recv {
			return true
		}
	}
	return false
}

// neverRead reports whether the local variable id, assigned the signal of
// the call at cur, is never read afterwards. Any doubt counts as a read:
// package-level variables, parameters and results, reads inside func
// literals or earlier in an enclosing loop, and functions with goto.
func (c *checker) neverRead(cur inspector.Cursor, id *ast.Ident) bool {
	info := c.pass.TypesInfo
	v, ok := info.ObjectOf(id).(*types.Var)
	if !ok {
		return false
	}
	decl := outermostFunc(cur)
	body := funcBody(decl.Node())
	if body == nil || v.Pos() < body.Lbrace || v.Pos() > body.Rbrace {
		return false
	}
	call := cur.Node()
	for n := range decl.Preorder((*ast.Ident)(nil), (*ast.BranchStmt)(nil)) {
		switch x := n.Node().(type) {
		case *ast.BranchStmt:
			if x.Tok == token.GOTO {
				return false
			}
		case *ast.Ident:
			if info.Uses[x] != v || !isRead(n) {
				continue
			}
			if x.Pos() > call.End() {
				return false
			}
			for e := range n.Enclosing((*ast.FuncLit)(nil), (*ast.ForStmt)(nil), (*ast.RangeStmt)(nil)) {
				// A literal not containing the call may run at any time; a
				// loop containing it reads the value on the next iteration.
				_, lit := e.Node().(*ast.FuncLit)
				if lit != (e.Node().Pos() <= call.Pos() && call.End() <= e.Node().End()) {
					return false
				}
			}
		}
	}
	return true
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

// drainFix offers "if !w.Write(p) { <-w.Drain() }" for a write used as a
// statement in a statement list, when that is known to be safe: the receiver is a plain name
// (evaluating it twice is harmless), it has Drain() <-chan struct{}, and the
// loop is not inside a func literal, which may be a listener run by the
// writer itself where blocking on Drain would deadlock.
func (c *checker) drainFix(cur inspector.Cursor, call *ast.CallExpr) (analysis.SuggestedFix, bool) {
	var none analysis.SuggestedFix
	stmt, ok := cur.Parent().Node().(*ast.ExprStmt)
	if !ok {
		return none, false
	}
	// Only a statement list can take an if statement; a post statement cannot.
	switch cur.Parent().ParentEdgeKind() {
	case edge.BlockStmt_List, edge.CaseClause_Body, edge.CommClause_Body:
	default:
		return none, false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || !isPlainName(sel.X) {
		return none, false
	}
	if _, ok := enclosingFunc(cur).Node().(*ast.FuncDecl); !ok {
		return none, false
	}
	s := c.pass.TypesInfo.Selections[sel]
	if s == nil || s.Kind() != types.MethodVal {
		return none, false
	}
	obj, _, _ := types.LookupFieldOrMethod(s.Recv(), hasPointerRecv(s.Obj()), c.pass.Pkg, "Drain")
	drain, ok := obj.(*types.Func)
	if !ok || !isDrainChan(drain.Signature()) {
		return none, false
	}
	indent := strings.Repeat("\t", max(c.pass.Fset.Position(stmt.Pos()).Column-1, 0))
	x := types.ExprString(sel.X)
	return analysis.SuggestedFix{
		Message: "wait for drain when " + sel.Sel.Name + " returns false",
		TextEdits: []analysis.TextEdit{
			{Pos: call.Pos(), End: call.Pos(), NewText: []byte("if !")},
			{Pos: call.End(), End: call.End(), NewText: []byte(" {\n" + indent + "\t<-" + x + ".Drain()\n" + indent + "}")},
		},
	}, true
}

func isPlainName(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.Ident:
		return true
	case *ast.SelectorExpr:
		return isPlainName(e.X)
	}
	return false
}

func hasPointerRecv(obj types.Object) bool {
	fn, ok := obj.(*types.Func)
	if !ok || fn.Signature().Recv() == nil {
		return false
	}
	_, ptr := fn.Signature().Recv().Type().(*types.Pointer)
	return ptr
}

// isDrainChan reports whether sig is func() <-chan struct{}.
func isDrainChan(sig *types.Signature) bool {
	if sig.Params().Len() != 0 || sig.Results().Len() != 1 {
		return false
	}
	ch, ok := sig.Results().At(0).Type().Underlying().(*types.Chan)
	if !ok || ch.Dir() == types.SendOnly {
		return false
	}
	st, ok := ch.Elem().Underlying().(*types.Struct)
	return ok && st.NumFields() == 0
}
