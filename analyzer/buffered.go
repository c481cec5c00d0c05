package analyzer

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/bpvet/bpvet/internal/gotypes"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"
)

// This file is BP003's first phase. It decides which types are
// buffered-amount sinks and which functions check a buffered amount,
// exporting both as facts, and collects what the package's low-threshold
// listeners signal. bp003.go then checks the sends.

// bufferedFact marks a type, concrete or interface, that queues what it is
// sent without refusing it and reports how much is still queued: a
// WebRTC-style data channel. The names are its methods'.
type bufferedFact struct {
	Amount    string   // reports the buffered amount: BufferedAmount() uint64
	Low       string   // registers a listener for the amount falling low
	Threshold string   // sets the low threshold, or ""
	Sends     []string // queue a []byte or string payload
}

func (*bufferedFact) AFact() {}

func (f *bufferedFact) String() string {
	return "buffered(" + f.Amount + ", " + f.Low + "; " + strings.Join(f.Sends, ", ") + ")"
}

// checksAmountFact marks a function that reads a buffered amount or waits
// for it to fall, directly or through another such function, so that a
// loop calling it counts as checking.
type checksAmountFact struct{}

func (*checksAmountFact) AFact()         {}
func (*checksAmountFact) String() string { return "checksAmount" }

// sendsFact marks a function that sends on a buffered-amount sink on its
// own path, with no check of the amount: a loop that calls it sends.
type sendsFact struct {
	Via  string       // the send it makes, as a message names it
	Type string       // the sink's type name
	Sink bufferedFact // the sink's methods
}

func (*sendsFact) AFact()           {}
func (f *sendsFact) String() string { return "sends(" + f.Via + ")" }

// sendVerbs are the first words of method names that queue a payload.
var sendVerbs = map[string]bool{
	"send": true, "write": true, "push": true, "queue": true, "enqueue": true,
	"post": true, "emit": true, "publish": true, "transmit": true, "put": true,
}

// bufferedOf reads t's method set: a sink needs a method that reports the
// buffered amount (its name says buffered, it takes nothing and returns an
// integer) and one that registers a listener for the amount falling low (its
// name says low, it takes a func). It returns nil for anything else.
func bufferedOf(t types.Type, pkg *types.Package, cache *typeutil.MethodSetCache) *bufferedFact {
	if tp, ok := types.Unalias(t).(*types.TypeParam); ok {
		t = tp.Underlying()
	}
	var f bufferedFact
	// An exported method, and a listener named On…, wins over the others
	// (an unexported helper that also says low, in the sink's own package).
	rank := func(m *types.Func) int {
		r := 0
		if m.Exported() {
			r += 2
		}
		if hasWord(m.Name(), "On") {
			r++
		}
		return r
	}
	set := func(name *string, m *types.Func, best *int) {
		if r := rank(m); *name == "" || r > *best {
			*name, *best = m.Name(), r
		}
	}
	var amountRank, lowRank, thresholdRank int
	for _, sel := range typeutil.IntuitiveMethodSet(t, cache) {
		m, ok := sel.Obj().(*types.Func)
		if !ok || !m.Exported() && m.Pkg() != pkg {
			continue
		}
		sig, ws := m.Signature(), words(m.Name())
		params, results := sig.Params(), sig.Results()
		switch {
		case slices.Contains(ws, "buffered") && !slices.Contains(ws, "threshold") &&
			params.Len() == 0 && results.Len() == 1 && isInteger(results.At(0).Type()):
			set(&f.Amount, m, &amountRank)
		case slices.Contains(ws, "low") && params.Len() == 1 && isFunc(params.At(0).Type()):
			set(&f.Low, m, &lowRank)
		case slices.Contains(ws, "low") && slices.Contains(ws, "threshold") && params.Len() == 1 && isInteger(params.At(0).Type()):
			set(&f.Threshold, m, &thresholdRank)
		case len(ws) > 0 && sendVerbs[ws[0]] && params.Len() >= 1 && gotypes.IsBytes(params.At(0).Type()) && sendResults(results):
			f.Sends = append(f.Sends, m.Name())
		}
	}
	if f.Amount == "" || f.Low == "" || len(f.Sends) == 0 {
		return nil
	}
	return &f
}

// namesBuffered reports whether t has, declared or promoted, a method whose
// name may say buffered: a cheap test by names before bufferedOf reads the
// method set.
func namesBuffered(t types.Type, depth int) bool {
	if depth > 4 {
		return false
	}
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	switch u := types.Unalias(t).(type) {
	case *types.Named:
		for m := range u.Methods() {
			if mayBe(m.Name(), roleAmount) {
				return true
			}
		}
		return namesBuffered(u.Underlying(), depth+1)
	case *types.Interface:
		for m := range u.Methods() {
			if mayBe(m.Name(), roleAmount) {
				return true
			}
		}
	case *types.Struct:
		for f := range u.Fields() {
			if f.Embedded() && namesBuffered(f.Type(), depth+1) {
				return true
			}
		}
	}
	return false
}

func isInteger(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsInteger != 0
}

// sendResults reports whether a send's results are (), (error) or (int, error).
func sendResults(r *types.Tuple) bool {
	switch r.Len() {
	case 0:
		return true
	case 1:
		return isError(r.At(0).Type())
	case 2:
		return isInteger(r.At(0).Type()) && isError(r.At(1).Type())
	}
	return false
}

// buffered returns the sink facts of t (or *t), or nil: from the fact its
// package exported for a named type, or from its method set.
func (c *checker) buffered(t types.Type) *bufferedFact {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if f, ok := c.sinks[t]; ok {
		return f
	}
	var f *bufferedFact
	if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil && n.Obj().Pkg() != c.pass.Pkg && n.TypeArgs().Len() == 0 {
		var imported bufferedFact
		if c.pass.ImportObjectFact(n.Obj(), &imported) {
			f = &imported
		}
	} else {
		f = bufferedOf(t, c.pass.Pkg, &c.msets)
	}
	c.sinks[t] = f
	return f
}

// Roles of a sink's methods, which bufferedMethod filters by name before it
// reads the receiver's method set: most calls are to nothing of the kind.
const (
	roleSend   = 1 << iota // a verb of sending first
	roleAmount             // says buffered
	roleLow                // says low
)

// mayBe reports whether a method named name may play one of the roles.
func mayBe(name string, roles int) bool {
	if roles&roleSend != 0 && name != "" {
		lower := strings.ToLower(name[:1]) + name[1:]
		for v := range sendVerbs {
			if hasWord(lower, v) {
				return true
			}
		}
	}
	return roles&roleAmount != 0 && (strings.Contains(name, "Buffered") || strings.Contains(name, "buffered")) ||
		roles&roleLow != 0 && (strings.Contains(name, "Low") || strings.Contains(name, "low"))
}

// bufferedMethod returns the sink facts of the receiver of the method call,
// and the called method, when the receiver is a sink and the method's name
// may play one of the roles.
func (c *checker) bufferedMethod(call *ast.CallExpr, roles int) (*bufferedFact, *types.Selection) {
	sx, sel := methodCall(c.pass.TypesInfo, call)
	if sel == nil || !mayBe(sx.Sel.Name, roles) {
		return nil, nil
	}
	f := c.buffered(sel.Recv())
	if f == nil {
		return nil, nil
	}
	return f, sel
}

// inferBuffered exports a fact for every package-level type that is a sink
// and for every function that checks a buffered amount, and collects the
// low-threshold listeners of the package and what they signal.
func (c *checker) inferBuffered() {
	info := c.pass.TypesInfo
	c.lowSignals = make(map[types.Object]bool)
	c.lowFuncs = make(map[*types.Func]bool)
	c.checkers = make(map[*types.Func]bool)
	c.senders = make(map[*types.Func]*sendsFact)
	for cur := range c.in.Root().Preorder((*ast.TypeSpec)(nil), (*ast.CallExpr)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.TypeSpec:
			tn, ok := info.Defs[n.Name].(*types.TypeName)
			if !ok || tn.Parent() != c.pass.Pkg.Scope() || n.TypeParams != nil {
				continue
			}
			if !namesBuffered(tn.Type(), 0) {
				continue // no method says buffered: skip the method set
			}
			if f := c.buffered(tn.Type()); f != nil {
				c.pass.ExportObjectFact(tn, f)
			}
		case *ast.CallExpr:
			f, sel := c.bufferedMethod(n, roleSend|roleAmount|roleLow)
			if f != nil {
				c.usesSinks = true
			} else if !c.usesSinks {
				if fn, ok := typeutil.Callee(info, n).(*types.Func); ok && fn.Pkg() != c.pass.Pkg && (c.checks(fn) || c.sender(fn) != nil) {
					c.usesSinks = true
				}
			}
			if f == nil || sel.Obj().Name() != f.Low || len(n.Args) != 1 {
				continue
			}
			switch h := ast.Unparen(n.Args[0]).(type) {
			case *ast.FuncLit:
				c.collectSignals(h.Body)
			default:
				if fn, ok := typeutil.Callee(info, &ast.CallExpr{Fun: h}).(*types.Func); ok {
					c.lowFuncs[fn.Origin()] = true
				}
			}
		}
	}
	if !c.usesSinks {
		return // nothing here can check, send or wait
	}
	// The bodies of named low listeners signal too.
	var decls []*ast.FuncDecl
	for cur := range c.in.Root().Preorder((*ast.FuncDecl)(nil)) {
		d := cur.Node().(*ast.FuncDecl)
		if d.Body == nil {
			continue
		}
		decls = append(decls, d)
		if fn, ok := info.Defs[d.Name].(*types.Func); ok && c.lowFuncs[fn] {
			c.collectSignals(d.Body)
		}
	}
	// A checker may call one declared after it: repeat until nothing changes.
	for changed := true; changed; {
		changed = false
		for _, d := range decls {
			fn, ok := info.Defs[d.Name].(*types.Func)
			if !ok || c.checkers[fn] || !c.checksIn(d.Body) {
				continue
			}
			c.checkers[fn] = true
			changed = true
		}
	}
	for fn := range c.checkers {
		c.pass.ExportObjectFact(fn, new(checksAmountFact))
	}
	// Then the senders, as printf finds its wrappers: a function that
	// sends, or calls a sender, on its own path and does not check.
	for changed := true; changed; {
		changed = false
		for _, d := range decls {
			fn, ok := info.Defs[d.Name].(*types.Func)
			if !ok || c.senders[fn] != nil || c.checkers[fn] || c.isWriteAdapter(fn) {
				continue
			}
			if recv := fn.Signature().Recv(); recv != nil && c.buffered(recv.Type()) != nil {
				continue // the sink's own methods
			}
			if f, ok := c.sendsOnPath(d.Body); ok {
				c.senders[fn] = f
				changed = true
			}
		}
	}
	for fn, f := range c.senders {
		c.pass.ExportObjectFact(fn, f)
	}
}

// sendsOnPath returns the first send in body that runs once whenever body
// runs, on a sink that body did not create. Func literals run at other
// times, and a send in a loop of body's own is judged there.
func (c *checker) sendsOnPath(body *ast.BlockStmt) (*sendsFact, bool) {
	var found *sendsFact
	ast.Inspect(body, func(n ast.Node) bool {
		if found != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit, *ast.ForStmt, *ast.RangeStmt:
			return false
		case *ast.CallExpr:
			site, ok := c.sendAt(n)
			if !ok {
				return true
			}
			if root := rootVar(c.pass.TypesInfo, site.recv); root != nil && contains(body, identAt(root)) {
				return true // a sink made here is new at each call
			}
			found = &sendsFact{Via: site.via, Type: site.typ, Sink: *site.sink}
		}
		return found == nil
	})
	return found, found != nil
}

// identAt is a zero-width node at v's declaration, for contains.
func identAt(v *types.Var) ast.Node { return &ast.Ident{NamePos: v.Pos()} }

// sendSite is a call that sends on a buffered-amount sink, directly or
// through a sender.
type sendSite struct {
	name string        // the callee, as a message names it
	via  string        // the send it makes: name, or the sender's send
	typ  string        // the sink's type name
	recv ast.Expr      // the value sent to, when known: the receiver or the first sink argument
	sink *bufferedFact // the sink's methods
}

// sendAt reports whether call sends on a sink, and how.
func (c *checker) sendAt(call *ast.CallExpr) (sendSite, bool) {
	info := c.pass.TypesInfo
	if f, sel := c.bufferedMethod(call, roleSend); f != nil && slices.Contains(f.Sends, sel.Obj().Name()) {
		fn := sel.Obj().(*types.Func)
		if c.set.exclude[funcKey(fn)] || c.implements(fn) {
			return sendSite{}, false
		}
		name := describe(fn, sel)
		return sendSite{name: name, via: name, typ: typeName(sel.Recv()), recv: ast.Unparen(call.Fun).(*ast.SelectorExpr).X, sink: f}, true
	}
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok {
		return sendSite{}, false
	}
	s := c.sender(fn.Origin())
	if s == nil || c.set.exclude[funcKey(fn)] {
		return sendSite{}, false
	}
	sx, sel := methodCall(info, call)
	site := sendSite{name: describe(fn.Origin(), sel), via: s.Via, typ: s.Type, sink: &s.Sink}
	if sel != nil {
		site.recv = sx.X
	} else {
		for _, a := range call.Args {
			if c.buffered(info.TypeOf(a)) != nil {
				site.recv = a
				break
			}
		}
	}
	return site, true
}

// implements reports whether fn is a concrete send method of this package
// or of the package whose external tests this is: the sink's own code and
// tests fill its queue on purpose.
func (c *checker) implements(fn *types.Func) bool {
	if fn.Pkg() == nil || types.IsInterface(fn.Signature().Recv().Type()) {
		return false
	}
	path := fn.Pkg().Path()
	return path == c.pass.Pkg.Path() || path+"_test" == c.pass.Pkg.Path()
}

// sender returns what fn sends on, when it is a sender: a verdict of this
// package, or a fact of fn's.
func (c *checker) sender(fn *types.Func) *sendsFact {
	if fn.Pkg() == c.pass.Pkg {
		return c.senders[fn]
	}
	var f sendsFact
	if fn.Pkg() != nil && c.pass.ImportObjectFact(fn, &f) {
		return &f
	}
	return nil
}

// isWriteAdapter reports whether fn is Write(p []byte) (int, error) on a
// type that is not itself a sink: it makes whatever it sends to an
// io.Writer.
func (c *checker) isWriteAdapter(fn *types.Func) bool {
	sig := fn.Signature()
	return fn.Name() == "Write" && sig.Recv() != nil &&
		sig.Params().Len() == 1 && types.Identical(sig.Params().At(0).Type(), types.NewSlice(types.Typ[types.Byte])) &&
		sig.Results().Len() == 2 && sendResults(sig.Results()) && c.buffered(sig.Recv().Type()) == nil
}

// collectSignals records what a low-threshold listener's body signals: the
// channels it sends on or closes, and the values whose methods it calls
// (a sync.Cond's Signal, a semaphore's Release). Waiting on one of them is
// waiting for the amount to fall.
func (c *checker) collectSignals(body *ast.BlockStmt) {
	info := c.pass.TypesInfo
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SendStmt:
			c.addSignal(n.Chan)
		case *ast.CallExpr:
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok && len(n.Args) == 1 {
				if b, ok := info.Uses[id].(*types.Builtin); ok && b.Name() == "close" {
					c.addSignal(n.Args[0])
				}
			}
			// A send on the sink itself signals nothing.
			if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok && info.Selections[sel] != nil && c.buffered(info.TypeOf(sel.X)) == nil {
				c.addSignal(sel.X)
			}
		}
		return true
	})
}

func (c *checker) addSignal(e ast.Expr) {
	if obj := signalObject(c.pass.TypesInfo, e); obj != nil {
		c.lowSignals[obj] = true
	}
}

// signalObject names what e refers to: a variable, or a field by its
// declaration, so that s.more in a listener matches s.more in a loop.
func signalObject(info *types.Info, e ast.Expr) types.Object {
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		return info.Uses[x]
	case *ast.SelectorExpr:
		if v, ok := info.Uses[x.Sel].(*types.Var); ok {
			return v
		}
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			return signalObject(info, x.X)
		}
	}
	return nil
}

// checksIn reports whether the code under n reads a sink's buffered amount,
// waits on something a low-threshold listener signals, or calls a function
// that checks. Registering a low listener is not a check: nothing waits.
func (c *checker) checksIn(n ast.Node) bool {
	info := c.pass.TypesInfo
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.UnaryExpr:
			if n.Op == token.ARROW && c.lowSignals[signalObject(info, n.X)] {
				found = true
			}
		case *ast.CallExpr:
			if f, sel := c.bufferedMethod(n, roleAmount|roleLow); f != nil {
				switch sel.Obj().Name() {
				case f.Amount:
					found = true
					return false
				case f.Low:
					return false // the listener signals; it does not wait
				}
			}
			if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok && info.Selections[sel] != nil && c.lowSignals[signalObject(info, sel.X)] {
				found = true
				return false
			}
			if fn, ok := typeutil.Callee(info, n).(*types.Func); ok && c.checks(fn.Origin()) {
				found = true
			}
		}
		return !found
	})
	return found
}

// checks reports whether fn checks a buffered amount: a verdict of this
// package, or a fact of fn's.
func (c *checker) checks(fn *types.Func) bool {
	if fn.Pkg() == c.pass.Pkg {
		return c.checkers[fn]
	}
	return fn.Pkg() != nil && c.pass.ImportObjectFact(fn, new(checksAmountFact))
}

// inLowListener reports whether cur runs inside a low-threshold listener:
// a func literal passed to one, or a function registered as one.
func (c *checker) inLowListener(cur inspector.Cursor) bool {
	info := c.pass.TypesInfo
	for f := range cur.Enclosing((*ast.FuncLit)(nil), (*ast.FuncDecl)(nil)) {
		switch n := f.Node().(type) {
		case *ast.FuncDecl:
			fn, ok := info.Defs[n.Name].(*types.Func)
			return ok && c.lowFuncs[fn]
		case *ast.FuncLit:
			if f.ParentEdgeKind() != edge.CallExpr_Args {
				continue
			}
			call := f.Parent().Node().(*ast.CallExpr)
			if bf, sel := c.bufferedMethod(call, roleLow); bf != nil && sel.Obj().Name() == bf.Low {
				return true
			}
		}
	}
	return false
}
