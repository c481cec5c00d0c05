package analyzer

import (
	"go/ast"
	"go/constant"
	"go/types"
	"strconv"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"
)

const ruleBP002 = "BP002"

var bp002 = &Rule{
	ID:    ruleBP002,
	Title: "Drain listener registered persistently",
	Text: `A drain listener resumes a paused producer once. Registered with On,
AddListener or PrependListener (or a typed OnDrain), it stays registered
and runs again at every later drain, resuming the producer twice or
leaking the closure. Registered again at every loop iteration, every
"data" event, every write that returned false, or from inside the
listener itself (a write function that registers itself to resume), it
piles up one more listener each time.

The rule applies when the event is a constant equal to "drain" and either
the receiver has the matching once-method (Once, PrependOnceListener,
OnceDrain) with an identical signature, in which case the suggested fix
renames the call, or the receiver is an event emitter (it also has Emit,
Off, RemoveListener or a listener count) and the listener is a function,
in which case there is no fix to offer and the message says how to
remove the listener by hand. A method named On on anything else, such as
a command table or a mock's expectation API, is not a registration.

It stays silent when the same listener is removed by code other than the
listener itself, with Off/RemoveListener("drain", h) or through the
ListenerID that On returned: a relay with explicit cleanup. The removal
must sit in the function, or, when the registration repeats, inside the
repeating loop or listener. A listener that removes itself is a
hand-rolled Once and is reported.

A registration that runs once is also left alone when the listener is
a func literal that records the drain (a channel send, a counter): it is
not empty and calls nothing but builtins other than close and panic. So
is one whose receiver's type the package strips of all its listeners
somewhere (RemoveAllListeners, Clear, or Off("drain") without a
listener): such code manages the lifetime of a listener that is meant
to run at every drain. A loop or listener that creates its receiver
registers on a new emitter each time, which does not pile up.`,
	Before: `if !w.Write(p) {
	w.On(runtime.EventDrain, next)
}`,
	After: `if !w.Write(p) {
	w.Once(runtime.EventDrain, next)
}`,
}

// onceMethods maps each persistent registration to its one-shot twin.
var onceMethods = map[string]string{
	"On":              "Once",
	"AddListener":     "Once",
	"PrependListener": "PrependOnceListener",
	"OnDrain":         "OnceDrain",
}

// checkDrainListener reports the call at cur when it registers a drain
// listener that outlives the drain it waits for.
func (c *checker) checkDrainListener(cur inspector.Cursor) {
	call := cur.Node().(*ast.CallExpr)
	info := c.pass.TypesInfo
	sel, s := methodCall(info, call)
	if sel == nil {
		return
	}
	name := sel.Sel.Name
	once, ok := onceMethods[name]
	if !ok {
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
	m := sameReceiverMethod(s, c.pass.Pkg, once)
	fixable := m != nil && types.Identical(info.TypeOf(sel), m.Type())
	surf := c.surface(s.Recv())
	if !fixable && (!surf.emitter || !isFunc(info.TypeOf(handler))) {
		return
	}
	scope, again := c.repetition(cur, sel.X, handler)
	if again == "" && (recordsOnly(info, handler) || c.clearsListeners(s.Recv())) {
		return
	}
	if c.removedIn(scope, cur, handler) {
		return
	}
	d := analysis.Diagnostic{
		Pos:      call.Pos(),
		End:      call.End(),
		Category: ruleBP002,
		Message:  describe(s.Obj().(*types.Func), s) + " keeps the drain listener registered after the first drain" + again,
	}
	if fixable {
		d.Message += ": register it with " + once + ", or remove it explicitly"
		d.SuggestedFixes = []analysis.SuggestedFix{{
			Message:   "use " + once,
			TextEdits: []analysis.TextEdit{{Pos: sel.Sel.Pos(), End: sel.Sel.End(), NewText: []byte(once)}},
		}}
	} else {
		d.Message += ": " + typeName(s.Recv()) + " has no " + once + ", so " + removeHint(surf)
	}
	c.diags = append(c.diags, d)
}

func removeHint(surf drainSurface) string {
	if surf.remover != "" {
		return "remove the listener with " + surf.remover + " when it runs, or register it only once"
	}
	return "make the listener act only once, or register it only once"
}

// isDrain reports whether e is a constant equal to "drain".
func (c *checker) isDrain(e ast.Expr) bool {
	v := c.pass.TypesInfo.Types[e].Value
	return v != nil && v.Kind() == constant.String && constant.StringVal(v) == "drain"
}

// repetition tells whether the registration at cur runs again and again on
// the same emitter: in a loop, in a listener passed to another call (a
// "data" handler), in the listener itself, or after a write that returned
// false. A receiver declared inside the loop or listener is a new emitter
// each time, so nothing piles up. It returns where a removal must be to
// undo every registration (the loop or the listener; else the outermost
// function) and a clause for the message, empty when it does not repeat.
func (c *checker) repetition(cur inspector.Cursor, recv, handler ast.Expr) (inspector.Cursor, string) {
	info := c.pass.TypesInfo
	root := rootVar(info, recv)
	// fresh reports whether the receiver is declared inside n.
	fresh := func(n ast.Node) bool { return root != nil && n.Pos() <= root.Pos() && root.Pos() < n.End() }
	afterFalse := false
walk:
	for node := cur; ; node = node.Parent() {
		parent := node.Parent()
		switch p := parent.Node().(type) {
		case nil, *ast.FuncDecl:
			break walk
		case *ast.ForStmt:
			if k := node.ParentEdgeKind(); (k == edge.ForStmt_Body || k == edge.ForStmt_Post) && !fresh(p.Body) {
				return parent, ", and adds another at every loop iteration"
			}
		case *ast.RangeStmt:
			// A range variable is a new element at each iteration.
			if node.ParentEdgeKind() == edge.RangeStmt_Body && !fresh(p) {
				return parent, ", and adds another at every loop iteration"
			}
		case *ast.IfStmt:
			if node.ParentEdgeKind() == edge.IfStmt_Body && c.testsWrite(parent, p.Cond) {
				afterFalse = true
			}
		case *ast.FuncLit:
			switch parent.ParentEdgeKind() {
			case edge.CallExpr_Fun: // invoked on the spot
			case edge.CallExpr_Args:
				if fresh(p.Body) {
					break walk
				}
				return parent, ", and adds another " + eachRun(parent.Parent().Node().(*ast.CallExpr), info)
			default:
				break walk // stored for later: when it runs is unknown
			}
		}
	}
	if fn, ok := c.registersItself(cur, handler); ok {
		return fn, ", and adds another at every drain, since the listener registers itself again"
	}
	scope := outermostFunc(cur)
	if afterFalse {
		return scope, ", and adds another after every write that returns false"
	}
	return scope, ""
}

// rootVar returns the variable at the root of a receiver expression such as
// s.dest or w, or nil when there is none (a call's result).
func rootVar(info *types.Info, e ast.Expr) *types.Var {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			v, _ := info.Uses[x].(*types.Var)
			return v
		case *ast.SelectorExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		default:
			return nil
		}
	}
}

// registersItself reports whether the handler is a function that encloses
// the registration at cur: the function or method declared around it, or
// the func literal assigned to the handler variable. Each drain then runs
// the handler, which registers it once more. It returns that function.
func (c *checker) registersItself(cur inspector.Cursor, handler ast.Expr) (inspector.Cursor, bool) {
	info := c.pass.TypesInfo
	var obj types.Object
	switch h := ast.Unparen(handler).(type) {
	case *ast.Ident:
		obj = info.Uses[h]
	case *ast.SelectorExpr:
		obj = info.Uses[h.Sel] // a function in another package, or a method value
	}
	if obj == nil {
		return cur, false
	}
	for f := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		switch n := f.Node().(type) {
		case *ast.FuncDecl:
			if info.Defs[n.Name] == obj {
				return f, true
			}
		case *ast.FuncLit:
			if id := assignedIdent(f); id != nil && info.ObjectOf(id) == obj {
				return f, true
			}
		}
	}
	return cur, false
}

// recordsOnly reports whether the handler is a func literal that does
// something and calls nothing but builtins and conversions: it only records
// the drain (a channel send, a counter), so it cannot resume a writer more
// than once. close and panic do not count: at a second drain, close panics.
// An empty listener records nothing; it is the placeholder of a listener
// yet to be written.
func recordsOnly(info *types.Info, handler ast.Expr) bool {
	lit, ok := ast.Unparen(handler).(*ast.FuncLit)
	if !ok || len(lit.Body.List) == 0 {
		return false
	}
	calls := false
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || calls {
			return !calls
		}
		tv := info.Types[call.Fun]
		calls = !tv.IsType() && (!tv.IsBuiltin() || onceOnly(call.Fun))
		return !calls
	})
	return !calls
}

// onceOnly reports whether fun names the builtin close or panic.
func onceOnly(fun ast.Expr) bool {
	id, ok := ast.Unparen(fun).(*ast.Ident)
	return ok && (id.Name == "close" || id.Name == "panic")
}

// clearsListeners reports whether the package removes every listener from
// values of type t somewhere (RemoveAllListeners, Clear, Off("drain") with
// no handler): it manages the lifetime of what it registers, so a listener
// registered once is meant to last until then.
func (c *checker) clearsListeners(t types.Type) bool {
	if c.lifetimes == nil {
		c.lifetimes = &lifetimes{}
		for cur := range c.in.Root().Preorder((*ast.CallExpr)(nil)) {
			call := cur.Node().(*ast.CallExpr)
			sel, s := methodCall(c.pass.TypesInfo, call)
			if sel == nil {
				continue
			}
			switch name := sel.Sel.Name; {
			case clearMethods[name] && (len(call.Args) == 0 || len(call.Args) == 1 && c.isDrain(call.Args[0])),
				(name == "Off" || name == "RemoveListener") && len(call.Args) == 1 && c.isDrain(call.Args[0]):
				c.lifetimes.cleared = append(c.lifetimes.cleared, s.Recv())
			}
		}
	}
	for _, u := range c.lifetimes.cleared {
		if types.Identical(u, t) {
			return true
		}
	}
	return false
}

// clearMethods remove every listener of an emitter, or of one event.
var clearMethods = map[string]bool{"RemoveAllListeners": true, "Clear": true, "ClearListeners": true, "OffAll": true}

// eachRun describes how often a listener passed to call runs: at every
// event it names, when call registers an event listener.
func eachRun(call *ast.CallExpr, info *types.Info) string {
	if fn, ok := typeutil.Callee(info, call).(*types.Func); ok && isRegister(fn) {
		if v := info.Types[call.Args[0]].Value; v != nil && v.Kind() == constant.String {
			return "at every " + strconv.Quote(constant.StringVal(v)) + " event"
		}
	}
	return "each time the enclosing callback runs"
}

// testsWrite reports whether cond reads the result of a Write… call or a
// signal, directly or through a variable assigned one in the function.
func (c *checker) testsWrite(ifStmt inspector.Cursor, cond ast.Expr) bool {
	info := c.pass.TypesInfo
	isWrite := func(e ast.Expr) bool {
		call, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok {
			return false
		}
		fn, ok := typeutil.Callee(info, call).(*types.Func)
		if !ok || !boolResult(fn.Signature()) {
			return false
		}
		_, _, sig := c.signalOf(call)
		return sig || writeLike(fn.Name())
	}
	found := false
	ast.Inspect(cond, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			found = found || isWrite(n)
		case *ast.Ident:
			v, ok := info.Uses[n].(*types.Var)
			if !ok || found {
				break
			}
			for a := range enclosingFunc(ifStmt).Preorder((*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil)) {
				for val := range a.Preorder((*ast.CallExpr)(nil)) {
					if id := assignedIdent(val); id != nil && info.ObjectOf(id) == v && isWrite(val.Node().(*ast.CallExpr)) {
						found = true
					}
				}
			}
		}
		return !found
	})
	return found
}

// removedIn reports whether the listener registered by the call at cur is
// undone within scope by code other than the listener itself:
// Off/RemoveListener("drain", h) with the same handler value, or through
// the ListenerID the registration returned.
func (c *checker) removedIn(scope, cur inspector.Cursor, handler ast.Expr) bool {
	if outermostFunc(cur).Node() == nil {
		return true // package-level initializer: stay silent
	}
	info := c.pass.TypesInfo
	self := c.handlerBodies(outermostFunc(cur), handler)
	inHandler := func(n ast.Node) bool {
		for _, lit := range self {
			if contains(lit, n) {
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

	for n := range scope.Preorder((*ast.Ident)(nil), (*ast.CallExpr)(nil)) {
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

type lifetimes struct{ cleared []types.Type }
