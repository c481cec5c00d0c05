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

const ruleBP001 = "BP001"

var bp001 = &Rule{
	ID:    ruleBP001,
	Title: "Write signal ignored in a loop",
	Text: `A write signal is a bool result that answers "keep writing?", as Node's
writable.write() does: false means the buffer reached its high-water mark
and the caller should wait for drain. A loop that drops it keeps writing
after false, so the buffer grows without bound: the memory blow-up
backpressure exists to prevent. See the package documentation for what
makes a result a signal; most Write…() bool results in Go are not.

The result counts as ignored when the call is an expression statement,
a go statement, assigned to _, or stored in a variable that is never
read afterwards (_ = ok is not a read; a package-level variable counts
when it is unexported and read nowhere in the package). It is consumed
when it reaches a condition, a return, a call argument, a composite
literal, a field, or a short-circuit such as ok = ok && w.Write(p).

The call must run once per iteration of a for or range loop: in the body
or the post statement. A func literal ends the loop context, except one
invoked on the spot or started with go inside the loop. A loop that also
waits for or observes the same writer's drain (<-w.Drain(),
w.WaitDrain(ctx), w.NeedDrain()) handles backpressure by other means and
is not reported.

The message names the evidence and the receiver's way to wait. Where the
receiver has a WaitDrain(ctx) error method and a context.Context is in
scope, that is the way named, since it is the fastest loop the runtime
measured. The suggested fix waits when the write returns false, in the
fastest form that compiles:

	if err := w.WaitDrain(ctx); err != nil {
		return err
	}

in a function that can return the error (its last result is an error and
the others have a literal zero value, or it has no results, where a bare
return ends it), else <-w.Drain() (a Drain… method returning <-chan
struct{}). It is offered only where it compiles and is safe: the call is
a statement in a block, the receiver is a plain name (evaluated twice),
and the loop is not inside a func literal, which may be a listener that
the writer itself runs, where blocking on drain would deadlock.`,
	Before: `for _, line := range lines {
	w.WriteString(line)
}`,
	After: `for _, line := range lines {
	if !w.WriteString(line) {
		<-w.Drain()
	}
}`,
}

// checkIgnoredSignal reports the call at cur when it produces a signal that
// a loop drops.
func (c *checker) checkIgnoredSignal(cur inspector.Cursor) {
	call := cur.Node().(*ast.CallExpr)
	ev, name, ok := c.signalOf(call)
	if !ok {
		return
	}
	loop, ok := enclosingLoop(cur)
	if !ok || c.waitsForDrain(loop, call) {
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
	_, sel := methodCall(c.pass.TypesInfo, call)
	var surf drainSurface
	ctx := ""
	if sel != nil {
		surf = c.surface(sel.Recv())
		if surf.waitCtx != nil {
			ctx = c.contextAt(call.Pos())
		}
	}
	d := analysis.Diagnostic{
		Pos:      call.Pos(),
		End:      call.End(),
		Category: ruleBP001,
		Message:  "result of " + name + " ignored in loop: " + ev.why + "; stop when it returns false and " + surf.wait(ctx),
	}
	if fix, ok := c.drainFix(cur, call, surf, ctx); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	c.diags = append(c.diags, d)
}

// waitsForDrain reports whether the loop also waits for or observes the
// drain of the writer the call writes to (<-w.Drain(), w.WaitDrain(ctx),
// w.NeedDrain()): such a loop handles backpressure by other means.
func (c *checker) waitsForDrain(loop inspector.Cursor, call *ast.CallExpr) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || !isPlainName(sel.X) {
		return false
	}
	recv := types.ExprString(sel.X)
	for n := range loop.Preorder((*ast.CallExpr)(nil)) {
		s, ms := methodCall(c.pass.TypesInfo, n.Node().(*ast.CallExpr))
		if s == nil || types.ExprString(s.X) != recv {
			continue
		}
		switch drainMethod(ms.Obj().(*types.Func)) {
		case drainChan, drainWait, drainState:
			return true
		}
	}
	return false
}

// neverRead reports whether the variable id, assigned the signal of the
// call at cur, is never read afterwards. Any doubt counts as a read:
// parameters and results, reads inside func literals or earlier in an
// enclosing loop, functions with goto, and exported package-level
// variables, which other packages may read.
func (c *checker) neverRead(cur inspector.Cursor, id *ast.Ident) bool {
	info := c.pass.TypesInfo
	v, ok := info.ObjectOf(id).(*types.Var)
	if !ok {
		return false
	}
	if v.Parent() == c.pass.Pkg.Scope() {
		return !v.Exported() && !c.pkgVarRead(v)
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
				if lit != contains(e.Node(), call) {
					return false
				}
			}
		}
	}
	return true
}

// pkgVarRead reports whether the package-level variable v is read anywhere
// in the package.
func (c *checker) pkgVarRead(v *types.Var) bool {
	if c.pkgReads == nil {
		c.pkgReads = make(map[*types.Var]bool)
		scope := c.pass.Pkg.Scope()
		for n := range c.in.Root().Preorder((*ast.Ident)(nil)) {
			if u, ok := c.pass.TypesInfo.Uses[n.Node().(*ast.Ident)].(*types.Var); ok && u.Parent() == scope && isRead(n) {
				c.pkgReads[u] = true
			}
		}
	}
	return c.pkgReads[v]
}

// drainFix offers "if !w.Write(p) { <wait> }" for a write used as a
// statement in a statement list, when that is known to be safe: the
// receiver is a plain name (evaluating it twice is harmless), and the loop
// is not inside a func literal, which may be a listener run by the writer
// itself where blocking on drain would deadlock. The wait is the fastest
// that compiles: WaitDrain(ctx) with a context in scope, returning its
// error from a function that can (waitFix); else the drain channel.
func (c *checker) drainFix(cur inspector.Cursor, call *ast.CallExpr, surf drainSurface, ctx string) (analysis.SuggestedFix, bool) {
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
	decl, ok := enclosingFunc(cur).Node().(*ast.FuncDecl)
	if !ok {
		return none, false
	}
	indent := strings.Repeat("\t", max(c.pass.Fset.Position(stmt.Pos()).Column-1, 0))
	recv := types.ExprString(sel.X)
	var wait []string
	if surf.waitCtx != nil && ctx != "" {
		if ret, ok := c.returnErr(decl); ok {
			wait = []string{
				"if err := " + recv + "." + surf.waitCtx.Name() + "(" + ctx + "); err != nil {",
				"\t" + ret,
				"}",
			}
		}
	}
	if wait == nil && surf.kind == drainChan {
		wait = []string{"<-" + recv + "." + surf.best.Name() + "()"}
	}
	if wait == nil {
		return none, false
	}
	body := ""
	for _, l := range wait {
		body += "\n" + indent + "\t" + l
	}
	return analysis.SuggestedFix{
		Message: "wait for drain when " + sel.Sel.Name + " returns false",
		TextEdits: []analysis.TextEdit{
			{Pos: call.Pos(), End: call.Pos(), NewText: []byte("if !")},
			{Pos: call.End(), End: call.End(), NewText: []byte(" {" + body + "\n" + indent + "}")},
		},
	}, true
}

// returnErr returns the statement that returns err from decl: return, or
// return err after the zero values of the other results. It fails when
// the last result is not an error or another has no literal zero value.
func (c *checker) returnErr(decl *ast.FuncDecl) (string, bool) {
	fn, ok := c.pass.TypesInfo.Defs[decl.Name].(*types.Func)
	if !ok {
		return "", false
	}
	res := fn.Signature().Results()
	if res.Len() == 0 {
		return "return", true
	}
	if !isError(res.At(res.Len() - 1).Type()) {
		return "", false
	}
	vals := make([]string, 0, res.Len())
	for i := range res.Len() - 1 {
		z, ok := zeroLiteral(res.At(i).Type())
		if !ok {
			return "", false
		}
		vals = append(vals, z)
	}
	return "return " + strings.Join(append(vals, "err"), ", "), true
}

// zeroLiteral spells the zero value of t when a literal does: 0, "",
// false or nil.
func zeroLiteral(t types.Type) (string, bool) {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsBoolean != 0:
			return "false", true
		case u.Info()&types.IsString != 0:
			return `""`, true
		case u.Info()&types.IsNumeric != 0:
			return "0", true
		case u.Kind() == types.UnsafePointer:
			return "nil", true
		}
	case *types.Pointer, *types.Slice, *types.Map, *types.Chan, *types.Signature:
		return "nil", true
	case *types.Interface:
		if _, tp := types.Unalias(t).(*types.TypeParam); !tp {
			return "nil", true
		}
	}
	return "", false
}

// contextAt returns the name of a context.Context variable in scope at
// pos, preferring the innermost and then one named ctx, or "".
func (c *checker) contextAt(pos token.Pos) string {
	pkg := c.pass.Pkg.Scope()
	inner := pkg.Innermost(pos)
	for sc := inner; sc != nil && sc != pkg; sc = sc.Parent() {
		best := ""
		for _, name := range sc.Names() {
			v, ok := sc.Lookup(name).(*types.Var)
			if !ok || name == "_" || !isContext(v.Type()) || v.Pos() > pos {
				continue
			}
			if _, obj := inner.LookupParent(name, pos); obj != v {
				continue // shadowed
			}
			if best == "" || name == "ctx" {
				best = name
			}
		}
		if best != "" {
			return best
		}
	}
	return ""
}
