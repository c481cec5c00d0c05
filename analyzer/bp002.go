package analyzer

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
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
leaking the closure.

A registration is one when the event is a constant equal to "drain" and
either the receiver has the matching once-method (Once,
PrependOnceListener, OnceDrain) with an identical signature, in which case
the suggested fix renames the call, or the receiver is an event emitter
(it also has Emit, Off, RemoveListener or a listener count) and the
listener is a function, in which case the message says how to remove the
listener by hand. A method named On on anything else, such as a command
table or a mock's expectation API, is not a registration.

Each registration is read as one row of this table, and reported unless
what undoes it is found:

  what is registered   a recorder that cannot block: it only counts,
                       assigns, calls sync/atomic, sends in a select
                       with a default, or sends on a channel made with
                       a buffer in the registering function; or any
                       other listener: a resumer, an empty placeholder,
                       one that closes or panics (a second drain would
                       panic), or one that sends on an unbuffered or
                       unknown channel, which blocks the emitting
                       goroutine at a later drain once nobody receives.
  on which emitter     the receiver's value: a variable, or the struct
                       field it is stored in (assigned, or Store(&v)),
                       followed through accessors (s.Transport()).
                       A receiver declared inside a loop or callback is
                       a new emitter each time.
  how often            once per call; or again at every loop iteration,
                       every event of an enclosing listener (a "data"
                       handler), every write that returned false, or
                       every drain, when the listener registers itself.
  what undoes it       Off/RemoveListener("drain", h) with the same
                       listener on the same emitter, or the ListenerID
                       that On returned; or RemoveAllListeners, Clear,
                       or Off("drain") with no listener, on the same
                       emitter: the same variable later in the same
                       function, in a defer or in a callback (a cleanup,
                       a "close" listener), or the same struct field
                       where its value is replaced or closed. Either
                       must run outside the listener itself (a listener
                       that removes itself is a hand-rolled Once), and
                       inside the loop or listener that repeats the
                       registration.

A recorder that cannot block, registered once, is left alone: it is meant
to run at every drain and resumes nothing.`,
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

// registration is one call that adds a drain listener, read as a row of
// the rule's table.
type registration struct {
	cur     inspector.Cursor
	call    *ast.CallExpr
	sel     *ast.SelectorExpr
	s       *types.Selection
	handler ast.Expr
	once    string // the one-shot twin's name
	fixable bool   // the receiver has the twin with the same signature
	surf    drainSurface
}

// checkDrainListener reports the call at cur when it registers a drain
// listener that outlives the drain it waits for: what is registered, on
// which emitter value, how often, and what undoes it.
func (c *checker) checkDrainListener(cur inspector.Cursor) {
	r, ok := c.registration(cur)
	if !ok {
		return
	}
	what := c.listenerKind(cur, r.handler)
	often := c.howOften(cur, r.sel.X, r.handler)
	if often.clause == "" && what == safeRecorder {
		return
	}
	if c.undone(r, often) {
		return
	}
	msg := describe(r.s.Obj().(*types.Func), r.s) + " keeps the drain listener registered after the first drain" + often.clause
	if often.clause == "" && what == blockingRecorder {
		msg += ", and its channel send blocks the emitting goroutine at a later drain once nobody receives"
	}
	d := analysis.Diagnostic{Pos: r.call.Pos(), End: r.call.End(), Category: ruleBP002}
	if r.fixable {
		d.Message = msg + ": register it with " + r.once + ", or remove it explicitly"
		d.SuggestedFixes = []analysis.SuggestedFix{{
			Message:   "use " + r.once,
			TextEdits: []analysis.TextEdit{{Pos: r.sel.Sel.Pos(), End: r.sel.Sel.End(), NewText: []byte(r.once)}},
		}}
	} else {
		d.Message = msg + ": " + typeName(r.s.Recv()) + " has no " + r.once + ", so " + removeHint(r.surf)
	}
	c.diags = append(c.diags, d)
}

// registration reads the call at cur as a persistent drain registration.
func (c *checker) registration(cur inspector.Cursor) (registration, bool) {
	call := cur.Node().(*ast.CallExpr)
	info := c.pass.TypesInfo
	sel, s := methodCall(info, call)
	if sel == nil {
		return registration{}, false
	}
	name := sel.Sel.Name
	once, ok := onceMethods[name]
	if !ok {
		return registration{}, false
	}
	var handler ast.Expr
	if name == "OnDrain" {
		if len(call.Args) != 1 {
			return registration{}, false
		}
		handler = call.Args[0]
	} else {
		if len(call.Args) != 2 || !c.isDrain(call.Args[0]) {
			return registration{}, false
		}
		handler = call.Args[1]
	}
	m := sameReceiverMethod(s, c.pass.Pkg, once)
	fixable := m != nil && types.Identical(info.TypeOf(sel), m.Type())
	surf := c.surface(s.Recv())
	if !fixable && (!surf.emitter || !isFunc(info.TypeOf(handler))) {
		return registration{}, false
	}
	return registration{cur, call, sel, s, handler, once, fixable, surf}, true
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

// What is registered.

type listenerKind int

const (
	otherListener    listenerKind = iota // may resume a writer, or acts once only
	safeRecorder                         // records the drain and cannot block
	blockingRecorder                     // records the drain, but its send may block
)

// listenerKind classifies the handler of the registration at cur. A
// recorder is a func literal that does something and calls nothing but
// builtins, conversions and sync/atomic: it records the drain and cannot
// resume a writer. close and panic do not count: at a second drain, close
// panics. An empty listener records nothing; it is the placeholder of one
// yet to be written. Its sends decide whether it is safe: a send blocks
// the emitting goroutine once nobody receives, unless it is in a select
// with a default, or the channel was made with a buffer in the registering
// function, sized for the drains that function expects.
func (c *checker) listenerKind(cur inspector.Cursor, handler ast.Expr) listenerKind {
	lit, ok := ast.Unparen(handler).(*ast.FuncLit)
	if !ok || len(lit.Body.List) == 0 {
		return otherListener
	}
	info := c.pass.TypesInfo
	kind := safeRecorder
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if kind == otherListener {
			return false
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			tv := info.Types[n.Fun]
			switch {
			case tv.IsType():
			case tv.IsBuiltin():
				if onceOnly(n.Fun) {
					kind = otherListener
				}
			case !isAtomic(typeutil.Callee(info, n)):
				kind = otherListener
			}
		case *ast.SelectStmt:
			if hasDefault(n) {
				return false // its sends cannot block; its other cases are receives or sends too
			}
		case *ast.SendStmt:
			if !c.bufferedHere(cur, n.Chan) {
				kind = blockingRecorder
			}
		case *ast.FuncLit, *ast.GoStmt, *ast.DeferStmt:
			kind = otherListener
		}
		return true
	})
	return kind
}

// onceOnly reports whether fun names the builtin close or panic.
func onceOnly(fun ast.Expr) bool {
	id, ok := ast.Unparen(fun).(*ast.Ident)
	return ok && (id.Name == "close" || id.Name == "panic")
}

// isAtomic reports whether obj is a function or method of sync/atomic.
func isAtomic(obj types.Object) bool {
	return obj != nil && obj.Pkg() != nil && obj.Pkg().Path() == "sync/atomic"
}

func hasDefault(s *ast.SelectStmt) bool {
	for _, cl := range s.Body.List {
		if cc, ok := cl.(*ast.CommClause); ok && cc.Comm == nil {
			return true
		}
	}
	return false
}

// bufferedHere reports whether ch is a local variable that the function
// around cur makes with a constant, non-zero buffer.
func (c *checker) bufferedHere(cur inspector.Cursor, ch ast.Expr) bool {
	info := c.pass.TypesInfo
	id, ok := ast.Unparen(ch).(*ast.Ident)
	if !ok {
		return false
	}
	v := info.Uses[id]
	if v == nil {
		return false
	}
	buffered := false
	for call := range outermostFunc(cur).Preorder((*ast.CallExpr)(nil)) {
		mk := call.Node().(*ast.CallExpr)
		if a := assignedIdent(call); a == nil || info.ObjectOf(a) != v || len(mk.Args) != 2 {
			continue
		}
		fun, ok := ast.Unparen(mk.Fun).(*ast.Ident)
		if !ok {
			continue
		}
		if b, ok := info.Uses[fun].(*types.Builtin); !ok || b.Name() != "make" {
			continue
		}
		n := info.Types[mk.Args[1]].Value
		if n == nil || constant.Sign(n) <= 0 {
			return false
		}
		buffered = true
	}
	return buffered
}

// How often it is registered.

// often says how often a registration runs on the same emitter: clause is
// empty when once per call of its function. scope is where an undo must
// be to undo every registration: the loop or listener that repeats it,
// else the outermost function.
type often struct {
	scope  inspector.Cursor
	clause string
}

// howOften tells whether the registration at cur runs again and again on
// the same emitter: in a loop, in a listener passed to another call (a
// "data" handler), in the listener itself, or after a write that returned
// false. A receiver declared inside the loop or listener is a new emitter
// each time, so nothing piles up.
func (c *checker) howOften(cur inspector.Cursor, recv, handler ast.Expr) often {
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
				return often{parent, ", and adds another at every loop iteration"}
			}
		case *ast.RangeStmt:
			// A range variable is a new element at each iteration.
			if node.ParentEdgeKind() == edge.RangeStmt_Body && !fresh(p) {
				return often{parent, ", and adds another at every loop iteration"}
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
				return often{parent, ", and adds another " + eachRun(parent.Parent().Node().(*ast.CallExpr), info)}
			default:
				break walk // stored for later: when it runs is unknown
			}
		}
	}
	if fn, ok := c.registersItself(cur, handler); ok {
		return often{fn, ", and adds another at every drain, since the listener registers itself again"}
	}
	scope := outermostFunc(cur)
	if afterFalse {
		return often{scope, ", and adds another after every write that returns false"}
	}
	return often{scope, ""}
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

// What undoes it.

// undone reports whether something other than the listener itself undoes
// the registration r on the same emitter, where it must be to undo every
// registration (often.scope): the ListenerID that On returned, a removal
// of the same listener, or a clear of all its (drain) listeners. A clear
// of a struct field that holds the emitter also counts anywhere in the
// package, where the field's value is replaced or closed, when the
// registration runs once per call.
func (c *checker) undone(r registration, o often) bool {
	decl := outermostFunc(r.cur)
	if decl.Node() == nil {
		return true // package-level initializer: stay silent
	}
	info := c.pass.TypesInfo
	self := c.handlerBodies(decl, r.handler)
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
	switch sink, ident := valueSink(r.cur); sink {
	case sinkOther:
		return true
	case sinkVar:
		id, _ = info.ObjectOf(ident).(*types.Var)
		if id == nil || id.Parent() == c.pass.Pkg.Scope() {
			return true
		}
	}
	if id != nil {
		for n := range o.scope.Preorder((*ast.Ident)(nil)) {
			if x := n.Node().(*ast.Ident); info.Uses[x] == id && isRead(n) && !inHandler(x) {
				return true
			}
		}
	}

	lt := c.lifetimeIndex()
	emitter := lt.keys(r.sel.X, 0)
	for _, u := range lt.undos {
		if inHandler(u.call) {
			continue
		}
		same := overlaps(emitter, u.emitter)
		if u.handler != nil {
			// A removal of the same listener, within the scope, from the
			// same emitter when both values are known.
			known := len(emitter) > 0 && len(u.emitter) > 0
			if (same || !known) && contains(o.scope.Node(), u.call) && c.sameValue(r.handler, u.handler) {
				return true
			}
			continue
		}
		if !same {
			continue
		}
		switch {
		case contains(o.scope.Node(), u.call) && (u.call.Pos() > r.call.End() || u.deferred || u.inLit):
			// The same value, cleared later in the function, in a defer
			// or in a callback (a cleanup or "close" listener).
			return true
		case o.clause == "" && u.replaced && overlaps(fields(emitter), u.emitter):
			// The same field, cleared where its value is replaced or
			// closed.
			return true
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

// lifetimes indexes, for the package, what can undo a drain registration
// and which values an emitter is also known as. It is built once, on the
// first registration, as printf first finds its wrappers.
type lifetimes struct {
	info *types.Info
	// alias maps a variable or field to the expressions its value may also
	// be read from or stored in: t := s.t, s.t = t, s.t.Store(&t).
	alias map[types.Object][]ast.Expr
	// returns holds the results of the package's one-result functions,
	// so that an accessor (s.Transport()) leads to its field.
	returns map[*types.Func][]ast.Expr
	undos   []undo
}

// undo is a call that removes one drain listener or clears them all.
type undo struct {
	call     *ast.CallExpr
	emitter  []types.Object // the emitter value's variables and fields
	handler  ast.Expr       // the listener removed; nil for a clear
	deferred bool           // in a defer statement
	inLit    bool           // in a func literal: a cleanup or another listener
	replaced bool           // its function also replaces or closes the value
}

// storeMethods put a value in an atomic or synchronized field.
var storeMethods = map[string]bool{"Store": true, "Swap": true, "CompareAndSwap": true, "Set": true}

// closeMethods end a value's life.
var closeMethods = map[string]bool{"Close": true, "close": true, "Destroy": true, "destroy": true}

// clearMethods remove every listener of an emitter, or of one event.
var clearMethods = map[string]bool{"RemoveAllListeners": true, "Clear": true, "ClearListeners": true, "OffAll": true}

func (c *checker) lifetimeIndex() *lifetimes {
	if c.lifetimes != nil {
		return c.lifetimes
	}
	info := c.pass.TypesInfo
	lt := &lifetimes{info: info, alias: make(map[types.Object][]ast.Expr), returns: make(map[*types.Func][]ast.Expr)}
	c.lifetimes = lt
	flow := func(l, r ast.Expr) {
		if obj := lt.direct(l); obj != nil {
			lt.alias[obj] = append(lt.alias[obj], r)
		}
		if obj := lt.direct(r); obj != nil {
			lt.alias[obj] = append(lt.alias[obj], l)
		}
	}
	var undos []inspector.Cursor
	for cur := range c.in.Root().Preorder((*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil), (*ast.CallExpr)(nil), (*ast.FuncDecl)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i := range n.Lhs {
					flow(n.Lhs[i], n.Rhs[i])
				}
			}
		case *ast.ValueSpec:
			if len(n.Names) == len(n.Values) {
				for i := range n.Names {
					flow(n.Names[i], n.Values[i])
				}
			}
		case *ast.FuncDecl:
			fn, ok := info.Defs[n.Name].(*types.Func)
			if !ok || n.Body == nil || fn.Signature().Results().Len() != 1 {
				continue
			}
			ast.Inspect(n.Body, func(m ast.Node) bool {
				switch m := m.(type) {
				case *ast.FuncLit:
					return false
				case *ast.ReturnStmt:
					if len(m.Results) == 1 {
						lt.returns[fn] = append(lt.returns[fn], m.Results[0])
					}
				}
				return true
			})
		case *ast.CallExpr:
			sel, s := methodCall(info, n)
			if sel == nil {
				continue
			}
			switch name := sel.Sel.Name; {
			case storeMethods[name]:
				for _, a := range n.Args {
					if obj := lt.direct(a); obj != nil {
						lt.alias[obj] = append(lt.alias[obj], sel.X)
					}
				}
			case (name == "Off" || name == "RemoveListener") && len(n.Args) == 2 && c.isDrain(n.Args[0]),
				clearMethods[name] && (len(n.Args) == 0 || len(n.Args) == 1 && c.isDrain(n.Args[0])),
				(name == "Off" || name == "RemoveListener") && len(n.Args) == 1 && c.isDrain(n.Args[0]):
				if surf := c.surface(s.Recv()); surf.register != nil || surf.emitter {
					undos = append(undos, cur)
				}
			}
		}
	}
	for _, cur := range undos {
		call := cur.Node().(*ast.CallExpr)
		sel := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		u := undo{
			call:     call,
			emitter:  lt.keys(sel.X, 0),
			deferred: cur.ParentEdgeKind() == edge.DeferStmt_Call,
		}
		if len(call.Args) == 2 {
			u.handler = call.Args[1]
		}
		_, u.inLit = enclosingFunc(cur).Node().(*ast.FuncLit)
		u.replaced = lt.replacesOrCloses(outermostFunc(cur), u.emitter)
		lt.undos = append(lt.undos, u)
	}
	return lt
}

// direct returns the variable or field that e names, or nil.
func (lt *lifetimes) direct(e ast.Expr) types.Object {
	switch x := ast.Unparen(e).(type) {
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			return lt.direct(x.X)
		}
	case *ast.StarExpr:
		return lt.direct(x.X)
	case *ast.Ident:
		if v, ok := lt.info.ObjectOf(x).(*types.Var); ok {
			return v
		}
	case *ast.SelectorExpr:
		if s := lt.info.Selections[x]; s != nil && s.Kind() == types.FieldVal {
			return s.Obj()
		}
		if v, ok := lt.info.Uses[x.Sel].(*types.Var); ok {
			return v // a package-level variable of another package
		}
	}
	return nil
}

// keys returns the variables and fields whose value e may be: the
// variable or field it names, what that variable was assigned or stored
// in, and the field an accessor returns (s.Transport(), s.t.Load()).
func (lt *lifetimes) keys(e ast.Expr, depth int) []types.Object {
	if depth > 6 {
		return nil
	}
	e = ast.Unparen(e)
	if call, ok := e.(*ast.CallExpr); ok {
		if sel, _ := methodCall(lt.info, call); sel != nil && (sel.Sel.Name == "Load" || sel.Sel.Name == "Swap") && lt.direct(sel.X) != nil {
			return lt.keys(sel.X, depth+1)
		}
		fn, ok := typeutil.Callee(lt.info, call).(*types.Func)
		if !ok || len(call.Args) > 0 {
			return nil
		}
		var out []types.Object
		for _, r := range lt.returns[fn.Origin()] {
			out = append(out, lt.keys(r, depth+1)...)
		}
		return out
	}
	obj := lt.direct(e)
	if obj == nil {
		return nil
	}
	out := []types.Object{obj}
	if v, ok := obj.(*types.Var); ok && !v.IsField() {
		for _, a := range lt.alias[obj] {
			out = append(out, lt.keys(a, depth+1)...)
		}
	}
	return out
}

// replacesOrCloses reports whether the function fn writes one of the fields
// among keys (s.t = t, s.t.Store(&t)) or closes a value known by keys.
func (lt *lifetimes) replacesOrCloses(fn inspector.Cursor, keys []types.Object) bool {
	fs := fields(keys)
	if len(fs) == 0 {
		return false
	}
	for cur := range fn.Preorder((*ast.AssignStmt)(nil), (*ast.CallExpr)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if obj := lt.direct(l); obj != nil && slices.Contains(fs, obj) {
					return true
				}
			}
		case *ast.CallExpr:
			sel, _ := methodCall(lt.info, n)
			if sel == nil {
				continue
			}
			switch name := sel.Sel.Name; {
			case storeMethods[name]:
				if obj := lt.direct(sel.X); obj != nil && slices.Contains(fs, obj) {
					return true
				}
			case closeMethods[name]:
				if overlaps(lt.keys(sel.X, 0), keys) {
					return true
				}
			}
		}
	}
	return false
}

// fields returns the struct fields among objs.
func fields(objs []types.Object) []types.Object {
	var out []types.Object
	for _, o := range objs {
		if v, ok := o.(*types.Var); ok && v.IsField() {
			out = append(out, o)
		}
	}
	return out
}

func overlaps(a, b []types.Object) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}
