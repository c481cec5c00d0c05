package analyzer

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strconv"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"
)

const ruleBP003 = "BP003"

var bp003 = &Rule{
	ID:    ruleBP003,
	Title: "Buffered amount ignored while sending",
	Text: `Some channels never refuse data and never block: a WebRTC data channel's
send queues the message and reports the total still queued as its
buffered amount, and fires a "buffered amount low" event when that total
falls under a threshold. This is backpressure the W3C way, and the only
way to honour it is to look. A loop that reads a file, stdin or a socket,
or pumps a Go channel, and sends every chunk without looking queues the
whole input in memory when the peer is slower than the source.

A type is such a sink, whatever its package, when its method set has a
method whose name says buffered and that returns an integer
(BufferedAmount() uint64) and a method whose name says low and that takes
a func (OnBufferedAmountLow(func())). Its sends are its methods named
Send, Write, Push, Queue, Post, Emit, Publish or Put (alone or followed
by a new word) that take a []byte or string payload first. The verdict is
made where the type is declared and exported as a fact.

BP003 reports a send in a loop driven by data: for {}, a loop over a
channel, a slice, a map or a string, a loop whose condition is not a
constant bound, or one of more than 1024 iterations. It stays silent
when:

  - the loop, or a loop around it, reads the buffered amount, registers
    a low listener, or waits on what a low listener signals (a channel
    it sends on or closes, a value whose method it calls), directly or
    in a function it calls (a fact carries that across packages);
  - the loop is paced by time.Sleep, a ticker or a timer;
  - the receiver is new at each iteration (one send per channel);
  - the send is followed by a return or a break out of the loop;
  - the send runs in the low listener itself;
  - the send method is concrete and declared in the package being
    checked (or the one whose external tests it holds): a sink's own code
    and tests fill its queue on purpose.

It also reports a Write(p []byte) (int, error) method that forwards to a
send with no check on its path: such an adapter makes the channel an
io.Writer or net.Conn, and io.Copy and every writer-based API call it in
a loop that the method cannot see.

The fix: set a low threshold, register the low listener once to signal
a channel, and in the loop wait on that channel while the buffered
amount is above a maximum. Or put a runtime.ByteWriter in front of the
channel with runtime.NewChannelWriter, whose Write returns false while
the channel holds more than the writer's mark. There is no suggested
fix: the wait needs a channel and a threshold that only you can choose.`,
	Before: `for {
	n, err := f.Read(buf)
	if err != nil {
		return err
	}
	dc.Send(buf[:n])
}`,
	After: `more := make(chan struct{}, 1)
dc.SetBufferedAmountLowThreshold(512 << 10)
dc.OnBufferedAmountLow(func() {
	select {
	case more <- struct{}{}:
	default:
	}
})
for {
	n, err := f.Read(buf)
	if err != nil {
		return err
	}
	if err := dc.Send(buf[:n]); err != nil {
		return err
	}
	for dc.BufferedAmount() > 1<<20 {
		<-more
	}
}`,
}

// smallBound is the largest constant number of iterations that BP003
// takes for a burst of known size rather than a stream.
const smallBound = 1024

// checkBufferedSend reports the call at cur when it sends on a
// buffered-amount sink in a loop driven by data, or from an io.Writer
// adapter, with no check of the amount.
func (c *checker) checkBufferedSend(cur inspector.Cursor) {
	if !c.usesSinks {
		return
	}
	call := cur.Node().(*ast.CallExpr)
	site, ok := c.sendAt(call)
	if !ok || c.inLowListener(cur) {
		return
	}
	f, name := site.sink, site.name
	if site.via != name {
		name += " (which calls " + site.via + ")"
	}
	fix := "set a low threshold"
	if f.Threshold != "" {
		fix += " (" + f.Threshold + ")"
	}
	fix += ", register " + f.Low + " once to signal a channel, and wait on it while " + f.Amount +
		"() is above your maximum; or send through a runtime.NewChannelWriter"
	evidence := site.typ + " queues every send and reports the total in " + f.Amount
	var msg string
	if w, ok := c.adapterAround(cur); ok {
		msg = describe(w, nil) + " forwards to " + name + " with no check of the buffered amount, and io.Copy and every io.Writer API call it in a loop: " + evidence + "; " + fix
	} else {
		why, ok := c.sendLoop(cur, site.recv)
		if !ok {
			return
		}
		msg = name + " in " + why + " ignores the buffered amount: " + evidence + "; " + fix
	}
	c.diags = append(c.diags, analysis.Diagnostic{
		Pos:      call.Pos(),
		End:      call.End(),
		Category: ruleBP003,
		Message:  msg,
	})
}

// adapterAround returns the method around cur when it is Write(p []byte)
// (int, error) on a type that is not itself a sink, and nothing on its
// path checks the buffered amount.
func (c *checker) adapterAround(cur inspector.Cursor) (*types.Func, bool) {
	decl, ok := outermostFunc(cur).Node().(*ast.FuncDecl)
	if !ok || decl.Recv == nil || decl.Name.Name != "Write" {
		return nil, false
	}
	fn, ok := c.pass.TypesInfo.Defs[decl.Name].(*types.Func)
	if !ok || c.checkers[fn] || !c.isWriteAdapter(fn) {
		return nil, false
	}
	return fn, true
}

// sendLoop returns a description of the loop that repeats the send at cur
// on the receiver recv when that loop is driven by data and neither it nor
// a loop around it checks the buffered amount.
func (c *checker) sendLoop(cur inspector.Cursor, recv ast.Expr) (string, bool) {
	var why string
	found := false
	for loop, ok := enclosingLoop(cur); ok; loop, ok = enclosingLoop(loop) {
		if c.freshIn(loop.Node(), recv) {
			continue
		}
		if c.checksIn(loop.Node()) {
			return "", false
		}
		kind, desc := c.loopKind(loop, cur)
		if kind == loopPaced {
			return "", false
		}
		if !found && kind == loopData && !exitsAfter(cur, loop) {
			why, found = desc, true
		}
	}
	return why, found
}

// freshIn reports whether the receiver recv is a new value at each
// iteration of loop: its root variable is declared in the body (or is a
// range variable), or it is selected by one declared anywhere in the loop
// (dcs[i], peer(id)).
func (c *checker) freshIn(loop ast.Node, recv ast.Expr) bool {
	if recv == nil {
		return false
	}
	info := c.pass.TypesInfo
	inside := func(obj types.Object, n ast.Node) bool {
		return obj != nil && n.Pos() <= obj.Pos() && obj.Pos() < n.End()
	}
	body := loop
	if f, ok := loop.(*ast.ForStmt); ok {
		body = f.Body
	}
	if root := rootVar(info, recv); root != nil && inside(root, body) {
		// A range variable of an inner loop over the same values at every
		// iteration (for _, p := range peers) is not new.
		if r, ok := c.rangeOf(root); ok && r.Node() != loop && !c.freshIn(loop, r.Node().(*ast.RangeStmt).X) {
			return false
		}
		return true
	}
	fresh := false
	ast.Inspect(recv, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && inside(info.Uses[id], loop) {
			if _, ok := info.Uses[id].(*types.Var); ok {
				fresh = true
			}
		}
		return !fresh
	})
	return fresh
}

// rangeOf returns the range statement that declares v as its key or value.
func (c *checker) rangeOf(v *types.Var) (inspector.Cursor, bool) {
	id, ok := c.in.Root().FindByPos(v.Pos(), v.Pos()+token.Pos(len(v.Name())))
	if !ok {
		return id, false
	}
	switch id.ParentEdgeKind() {
	case edge.RangeStmt_Key, edge.RangeStmt_Value:
		return id.Parent(), true
	}
	return id, false
}

type loopClass int

const (
	loopBounded loopClass = iota // a small constant number of iterations
	loopData                     // driven by data
	loopPaced                    // paced by a sleep, a ticker or a timer
)

// loopKind classifies loop and describes it for a message.
func (c *checker) loopKind(loop, send inspector.Cursor) (loopClass, string) {
	info := c.pass.TypesInfo
	if c.paced(loop, send) {
		return loopPaced, ""
	}
	count := func(n int64) (loopClass, string) {
		if n <= smallBound {
			return loopBounded, ""
		}
		return loopData, "a loop of " + strconv.FormatInt(n, 10) + " iterations"
	}
	switch l := loop.Node().(type) {
	case *ast.ForStmt:
		if l.Cond == nil {
			return loopData, "an endless for loop"
		}
		if n, ok := c.constIterations(l); ok {
			return count(n)
		}
		return loopData, "a loop while " + shortExpr(l.Cond)
	case *ast.RangeStmt:
		t := info.TypeOf(l.X)
		if t == nil {
			return loopBounded, ""
		}
		if n, ok := c.intConst(l.X); ok {
			return count(n)
		}
		if lit, ok := ast.Unparen(l.X).(*ast.CompositeLit); ok {
			return count(int64(len(lit.Elts)))
		}
		under := t.Underlying()
		if p, ok := under.(*types.Pointer); ok {
			under = p.Elem().Underlying()
		}
		switch u := under.(type) {
		case *types.Array:
			return count(u.Len())
		case *types.Chan:
			if isTime(u.Elem()) {
				return loopPaced, ""
			}
			return loopData, "a loop that receives from " + shortExpr(l.X)
		}
		return loopData, "a loop over " + shortExpr(l.X)
	}
	return loopBounded, ""
}

// constIterations counts the iterations of for i := a; i < b; i++ (or <=,
// >, >=, i--, i += k) with constant a, b and k.
func (c *checker) constIterations(l *ast.ForStmt) (int64, bool) {
	info := c.pass.TypesInfo
	init, ok := l.Init.(*ast.AssignStmt)
	cond, ok2 := l.Cond.(*ast.BinaryExpr)
	if !ok || !ok2 || len(init.Lhs) != 1 || len(init.Rhs) != 1 {
		return 0, false
	}
	id, ok := init.Lhs[0].(*ast.Ident)
	if !ok {
		return 0, false
	}
	v := info.ObjectOf(id)
	from, ok := c.intConst(init.Rhs[0])
	if !ok {
		return 0, false
	}
	x, ok := ast.Unparen(cond.X).(*ast.Ident)
	if !ok || info.ObjectOf(x) != v {
		return 0, false
	}
	to, ok := c.intConst(cond.Y)
	if !ok {
		return 0, false
	}
	step := int64(1)
	switch p := l.Post.(type) {
	case *ast.IncDecStmt:
		if p.Tok == token.DEC {
			step = -1
		}
	case *ast.AssignStmt:
		k, ok := c.intConst(p.Rhs[0])
		if !ok || len(p.Rhs) != 1 || k == 0 {
			return 0, false
		}
		step = k
		if p.Tok == token.SUB_ASSIGN {
			step = -k
		} else if p.Tok != token.ADD_ASSIGN {
			return 0, false
		}
	default:
		return 0, false
	}
	switch cond.Op {
	case token.LEQ:
		to++
	case token.GEQ:
		to--
	case token.LSS, token.GTR, token.NEQ:
	default:
		return 0, false
	}
	span := to - from
	if span == 0 || (span > 0) != (step > 0) {
		return 0, true
	}
	if step < 0 {
		span, step = -span, -step
	}
	return (span + step - 1) / step, true
}

// intConst returns the value of e when it is an integer constant, or a
// local variable that a constant initializes and nothing assigns again
// (n := 10; for range n).
func (c *checker) intConst(e ast.Expr) (int64, bool) {
	info := c.pass.TypesInfo
	if tv := info.Types[e]; tv.Value != nil {
		if tv.Value.Kind() != constant.Int {
			return 0, false
		}
		return constant.Int64Val(tv.Value)
	}
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return 0, false
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok || v.Parent() == nil || v.Parent() == c.pass.Pkg.Scope() {
		return 0, false
	}
	def, ok := c.in.Root().FindByPos(v.Pos(), v.Pos()+token.Pos(len(v.Name())))
	if !ok {
		return 0, false
	}
	init := assignedValue(def)
	if init == nil {
		return 0, false
	}
	n, ok := c.intConst(init)
	if !ok {
		return 0, false
	}
	for use := range outermostFunc(def).Preorder((*ast.Ident)(nil)) {
		if info.Uses[use.Node().(*ast.Ident)] != v {
			continue
		}
		if k := use.ParentEdgeKind(); !isRead(use) || k == edge.UnaryExpr_X || k == edge.IncDecStmt_X {
			return 0, false // assigned again, or its address taken
		}
	}
	return n, true
}

// assignedValue returns the value that the defining identifier at def is
// given: x := v, or var x = v.
func assignedValue(def inspector.Cursor) ast.Expr {
	kind, i := def.ParentEdge()
	switch p := def.Parent().Node().(type) {
	case *ast.AssignStmt:
		if kind == edge.AssignStmt_Lhs && len(p.Lhs) == len(p.Rhs) {
			return p.Rhs[i]
		}
	case *ast.ValueSpec:
		if kind == edge.ValueSpec_Names && len(p.Names) == len(p.Values) {
			return p.Values[i]
		}
	}
	return nil
}

// paced reports whether loop waits on the clock at every iteration:
// time.Sleep, or a receive from a time.Time channel (a ticker's C,
// time.After), unless that receive is one case of a select whose other
// case holds send and receives data. Func literals are not looked
// into; a nested loop is.
func (c *checker) paced(loop, send inspector.Cursor) bool {
	info := c.pass.TypesInfo
	found := false
	loop.Inspect([]ast.Node{(*ast.FuncLit)(nil), (*ast.CallExpr)(nil), (*ast.UnaryExpr)(nil)}, func(cur inspector.Cursor) bool {
		switch n := cur.Node().(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if fn, ok := typeutil.Callee(info, n).(*types.Func); ok && fn.Pkg() != nil && fn.Pkg().Path() == "time" && fn.Name() == "Sleep" {
				found = true
			}
		case *ast.UnaryExpr:
			if n.Op == token.ARROW && isTimeChan(info.TypeOf(n.X)) && !selectsData(info, cur, send) {
				found = true
			}
		}
		return !found
	})
	return found
}

// selectsData reports whether the receive at cur is a case of a select
// that holds send and also receives data: a value other than a time or an
// empty struct.
func selectsData(info *types.Info, cur, send inspector.Cursor) bool {
	for clause := range cur.Enclosing((*ast.CommClause)(nil)) {
		if !contains(commOf(clause.Node()), cur.Node()) {
			return false
		}
		sel := clause.Parent().Parent().Node().(*ast.SelectStmt)
		if !contains(sel, send.Node()) || contains(clause.Node(), send.Node()) {
			return false // the send waits for the clock too
		}
		for _, s := range sel.Body.List {
			var recv ast.Expr
			switch comm := s.(*ast.CommClause).Comm.(type) {
			case *ast.ExprStmt:
				recv = comm.X
			case *ast.AssignStmt:
				recv = comm.Rhs[0]
			}
			u, ok := ast.Unparen(recv).(*ast.UnaryExpr)
			if !ok || u.Op != token.ARROW {
				continue
			}
			ch, ok := info.TypeOf(u.X).Underlying().(*types.Chan)
			if !ok || isTime(ch.Elem()) {
				continue
			}
			if st, ok := ch.Elem().Underlying().(*types.Struct); ok && st.NumFields() == 0 {
				continue
			}
			return true
		}
		return false
	}
	return false
}

func commOf(n ast.Node) ast.Node {
	if comm := n.(*ast.CommClause).Comm; comm != nil {
		return comm
	}
	return n
}

func isTimeChan(t types.Type) bool {
	if t == nil {
		return false
	}
	ch, ok := t.Underlying().(*types.Chan)
	return ok && isTime(ch.Elem())
}

func isTime(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "time" && n.Obj().Name() == "Time"
}

// exitsAfter reports whether the statement holding cur is followed, in its
// block or an enclosing one inside loop, by a return, a panic or a break
// out of loop: the send then runs once, not at every iteration.
func exitsAfter(cur, loop inspector.Cursor) bool {
	for n := cur; n != loop && n.Node() != nil; n = n.Parent() {
		var list []ast.Stmt
		switch p := n.Parent().Node().(type) {
		case *ast.FuncLit:
			return false // a return there leaves the literal, not the loop
		case *ast.BlockStmt:
			list = p.List
		case *ast.CaseClause:
			list = p.Body
		case *ast.CommClause:
			list = p.Body
		default:
			continue
		}
		switch n.ParentEdgeKind() {
		case edge.BlockStmt_List, edge.CaseClause_Body, edge.CommClause_Body:
		default:
			continue
		}
		for _, s := range list[n.ParentEdgeIndex()+1:] {
			switch s := s.(type) {
			case *ast.ReturnStmt:
				return true
			case *ast.ExprStmt:
				if call, ok := s.X.(*ast.CallExpr); ok {
					if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "panic" {
						return true
					}
				}
			case *ast.BranchStmt:
				if s.Tok == token.GOTO || s.Tok == token.BREAK && breaksOut(n.Parent(), loop, s) {
					return true
				}
			}
		}
	}
	return false
}

// breaksOut reports whether the break statement br, in the block at from,
// leaves loop.
func breaksOut(from, loop inspector.Cursor, br *ast.BranchStmt) bool {
	if br.Label != nil {
		l, ok := loop.Parent().Node().(*ast.LabeledStmt)
		return ok && l.Label.Name == br.Label.Name
	}
	for t := range from.Enclosing((*ast.ForStmt)(nil), (*ast.RangeStmt)(nil), (*ast.SwitchStmt)(nil), (*ast.TypeSwitchStmt)(nil), (*ast.SelectStmt)(nil)) {
		return t == loop
	}
	return false
}

// shortExpr prints e for a message, cut to a readable length.
func shortExpr(e ast.Expr) string {
	s := types.ExprString(e)
	if len(s) > 40 {
		s = s[:37] + "..."
	}
	return s
}
