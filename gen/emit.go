package gen

import (
	"fmt"
	"go/types"
	"strings"

	"github.com/dave/jennifer/jen"
)

// emitter holds what the emission of one writer shares: its names, with
// locals chosen so they shadow nothing the bodies refer to.
type emitter struct {
	*generator
	w      writer
	locals map[string]bool   // names locals must not take, and those taken
	named  map[string]string // base -> local name
	recv   string
	decl   []jen.Code // type parameters, declared
	use    []jen.Code // type parameters, as arguments
}

func (g *generator) emitter(w writer) *emitter {
	e := &emitter{generator: g, w: w, locals: map[string]bool{}, named: map[string]string{}}
	avoid := map[string]bool{w.obj.Name(): true, g.imports[runtimePath]: true}
	for n := range g.gen {
		avoid[n] = true
	}
	if n, ok := w.obj.Type().(*types.Named); ok && n.TypeParams().Len() > 0 {
		e.decl, e.use = g.typeParams(n.TypeParams())
		for tp := range n.TypeParams().TypeParams() {
			avoid[tp.Obj().Name()] = true
		}
	}
	// Locals are fixed per writer: each body picks from the same set.
	for n := range avoid {
		e.locals[n] = true
	}
	e.recv = e.local("w")
	return e
}

// local returns the name of the local variable base, the same in every
// function of the writer.
func (e *emitter) local(base string) string {
	if n, ok := e.named[base]; ok {
		return n
	}
	n := fresh(base, e.locals, e.locals)
	e.named[base] = n
	return n
}

// typeArgs appends [K, V] to s for a generic writer.
func (e *emitter) typeArgs(s *jen.Statement) *jen.Statement {
	if len(e.use) > 0 {
		s.Types(e.use...)
	}
	return s
}

// writerType is *TWriter[K].
func (e *emitter) writerType() *jen.Statement {
	return jen.Op("*").Add(e.typeArgs(jen.Id(e.w.typ)))
}

// elem is the element type T (or *T, or T[K]).
func (e *emitter) elem() *jen.Statement {
	if e.w.iface != nil {
		return jen.Id(e.w.call)
	}
	t := e.typeArgs(jen.Id(e.w.obj.Name()))
	if _, ok := e.w.elem.(*types.Pointer); ok {
		return jen.Op("*").Add(t)
	}
	return t
}

// method starts func (w *TWriter[K]) name.
func (e *emitter) method(name string) *jen.Statement {
	return jen.Func().Params(jen.Id(e.recv).Add(e.writerType())).Id(name)
}

// inner is w.rw, the wrapped runtime writer.
func (e *emitter) inner() *jen.Statement { return jen.Id(e.recv).Dot("rw") }

// structDecl declares the writer type.
func (e *emitter) structDecl(f *jen.File, lines ...string) {
	f.Add(doc(lines...))
	f.Type().Id(e.w.typ).Types(e.decl...).Struct(
		jen.Id("rw").Op("*").Add(e.rt("Writer")).Types(e.elem()),
	)
}

// ctor declares the constructor, whose first parameter is first and whose
// sink expression is sink. defaults are options applied before opts.
func (e *emitter) ctor(f *jen.File, first, sink jen.Code, defaults []jen.Code, lines ...string) {
	opts := e.local("opts")
	f.Line().Add(doc(lines...))
	f.Func().Id(e.w.ctor).Types(e.decl...).
		Params(first, jen.Id(opts).Op("...").Add(e.rt("Option"))).
		Add(e.writerType()).
		BlockFunc(func(b *jen.Group) {
			if len(defaults) > 0 {
				b.Id(opts).Op("=").Append(
					jen.Index().Add(e.rt("Option")).ValuesFunc(func(v *jen.Group) {
						for _, d := range defaults {
							v.Line().Add(d)
						}
						v.Line()
					}),
					jen.Id(opts).Op("..."),
				)
			}
			b.Return(jen.Op("&").Add(e.typeArgs(jen.Id(e.w.typ))).Values(jen.Dict{
				jen.Id("rw"): e.rt("NewWriter").Call(sink, jen.Id(opts).Op("...")),
			}))
		})
}

// hwmDefault returns the -hwm option, or bytes' default when counting bytes.
func (e *emitter) hwmDefault(bytes bool) []jen.Code {
	switch {
	case e.opts.HWM >= 0:
		return []jen.Code{e.rt("WithHighWaterMark").Call(jen.Lit(e.opts.HWM))}
	case bytes:
		return []jen.Code{e.rt("WithHighWaterMark").Call(e.rt("DefaultByteHighWaterMark"))}
	}
	return nil
}

// typeWriter emits TWriter for -type=T.
func (g *generator) typeWriter(f *jen.File, w writer) {
	e := g.emitter(w)
	tname := w.obj.Name()
	if n, ok := w.obj.Type().(*types.Named); ok && n.TypeParams().Len() > 0 {
		var tps []string
		for tp := range n.TypeParams().TypeParams() {
			tps = append(tps, tp.Obj().Name())
		}
		tname += "[" + strings.Join(tps, ", ") + "]"
	}
	if _, ok := w.elem.(*types.Pointer); ok {
		tname = "*" + tname
	}
	e.structDecl(f,
		fmt.Sprintf("%s is a drain-aware writer of %s values. Write reports whether", w.typ, tname),
		"to keep writing: after false, stop and wait for drain (WaitDrain, Drain",
		"or OnceDrain), or let WriteAll run that loop. Create it with "+w.ctor+".",
	)

	sink, v := e.local("sink"), e.local("v")
	var defaults []jen.Code
	unit, byDefault := "values", "runtime.DefaultObjectHighWaterMark"
	if w.size != SizeCount {
		var n jen.Code
		switch w.size {
		case SizeSize:
			n, unit = jen.Id(v).Dot("Size").Call(), "Size() units"
		case SizeLen:
			n, unit = jen.Id(v).Dot("Len").Call(), "Len() units"
		case SizeBytes:
			n, unit = jen.Len(jen.Id(v)), "bytes"
		}
		byDefault = "runtime.DefaultByteHighWaterMark"
		defaults = append(e.hwmDefault(true), e.rt("WithSize").Call(
			jen.Func().Params(jen.Id(v).Add(e.elem())).Int().Block(jen.Return(n))))
	} else {
		defaults = e.hwmDefault(false)
	}
	if g.opts.HWM >= 0 {
		byDefault = fmt.Sprint(g.opts.HWM)
	}
	e.ctor(f, jen.Id(sink).Func().Params(jen.Index().Add(e.elem())).Error(), jen.Id(sink), defaults,
		fmt.Sprintf("%s returns a new %s that hands batches of %s to %s, in", w.ctor, w.typ, tname, sink),
		"order, from a background flusher goroutine. The sink owns a batch only",
		"until it returns; its error errors the writer. The highWaterMark counts",
		unit+" ("+byDefault+" by default); opts apply",
		"after these defaults and override them.",
	)

	f.Line().Add(signalDoc(
		fmt.Sprintf("Write queues %s and reports whether to keep writing. After false, wait", v),
		"for drain before writing again. After End or an error it queues nothing",
		"and returns false.",
	))
	f.Add(e.method("Write")).Params(jen.Id(v).Add(e.elem())).Bool().Block(
		jen.Return(e.inner().Dot("Write").Call(jen.Id(v))),
	)

	ctx, seq, done, err := e.local("ctx"), e.local("seq"), e.local("done"), e.local("err")
	f.Line().Add(doc(
		fmt.Sprintf("WriteAll writes the values of %s in order and waits for drain whenever", seq),
		fmt.Sprintf("Write returns false. It stops early with %s's error, or the writer's", ctx),
		"error (runtime.ErrEnded after End), and otherwise returns Err. It does",
		"not call End.",
	))
	f.Add(e.method("WriteAll")).Params(
		jen.Id(ctx).Add(g.qual("context", "context", "Context")),
		jen.Id(seq).Add(g.qual("iter", "iter", "Seq")).Types(e.elem()),
	).Error().Block(
		jen.Id(done).Op(":=").Id(ctx).Dot("Done").Call(),
		jen.For(jen.Id(v).Op(":=").Range().Id(seq)).Block(
			jen.Select().Block(
				jen.Case(jen.Op("<-").Id(done)).Block(jen.Return(jen.Id(ctx).Dot("Err").Call())),
				jen.Default(),
			),
			jen.If(jen.Op("!").Add(e.inner()).Dot("Write").Call(jen.Id(v))).Block(
				jen.If(
					jen.Id(err).Op(":=").Add(e.inner()).Dot("WaitDrain").Call(jen.Id(ctx)),
					jen.Id(err).Op("!=").Nil(),
				).Block(jen.Return(jen.Id(err))),
			),
		),
		jen.Return(e.inner().Dot("Err").Call()),
	)
	e.commonMethods(f)
}

// commonMethods emits the runtime's drain, listener, lifecycle and length
// methods, and OnceDrain. There is deliberately no OnDrain: a persistent
// drain listener resumes a paused producer at every later drain.
func (e *emitter) commonMethods(f *jen.File) {
	ctx, fn, ev, id := e.local("ctx"), e.local("fn"), e.local("ev"), e.local("id")
	type param struct {
		name string
		typ  jen.Code
	}
	listener := []param{{ev, e.rt("Event")}, {fn, jen.Func().Params()}}
	for _, m := range []struct {
		name    string
		params  []param
		results jen.Code
		doc     string
	}{
		{"End", nil, jen.Error(), "End stops accepting data, waits until everything queued is delivered, fires finish and close, and returns the writer's first error."},
		{"Err", nil, jen.Error(), "Err returns the writer's first error: the sink's, as a *runtime.DeliveryError, or runtime.ErrWriteAfterEnd."},
		{"Drain", nil, jen.Op("<-").Chan().Struct(), "Drain returns a channel closed when the pending drain fires, or when the writer ends or fails instead; it is closed when none is pending."},
		{"WaitDrain", []param{{ctx, e.qual("context", "context", "Context")}}, jen.Error(), "WaitDrain blocks until no drain is pending. It returns " + ctx + "'s error, the writer's error, or runtime.ErrEnded if End was called."},
		{"NeedDrain", nil, jen.Bool(), "NeedDrain reports whether a write returned false and the drain has not fired yet."},
		{"WritableLength", nil, jen.Int(), "WritableLength returns the queued length, including the batch being delivered, in the units of the highWaterMark."},
		{"HighWaterMark", nil, jen.Int(), "HighWaterMark returns the length at which writes return false."},
		{"Stats", nil, e.rt("Stats"), "Stats returns a snapshot of the writer's counters."},
		{"On", listener, e.rt("ListenerID"), "On registers " + fn + " to run every time " + ev + " fires. For drain, use OnceDrain: a persistent drain listener resumes a producer twice."},
		{"Once", listener, e.rt("ListenerID"), "Once registers " + fn + " to run the next time " + ev + " fires."},
		{"Off", []param{{id, e.rt("ListenerID")}}, jen.Bool(), "Off removes a listener and reports whether it was registered."},
	} {
		var params, args []jen.Code
		for _, p := range m.params {
			params = append(params, jen.Id(p.name).Add(p.typ))
			args = append(args, jen.Id(p.name))
		}
		f.Line().Add(doc(m.doc))
		f.Add(e.method(m.name)).Params(params...).Add(m.results).Block(
			jen.Return(e.inner().Dot(m.name).Call(args...)),
		)
	}
	f.Line().Add(doc(
		"OnceDrain registers "+fn+" to run once, at the next drain: after a write",
		"returned false, it resumes the producer. If that drain already fired",
		"unheard, "+fn+" runs at once on a new goroutine. There is no OnDrain on",
		"purpose: a persistent drain listener would resume the producer again at",
		"every later drain.",
	))
	f.Add(e.method("OnceDrain")).Params(jen.Id(fn).Func().Params()).Add(e.rt("ListenerID")).Block(
		jen.Return(e.inner().Dot("Once").Call(e.rt("EventDrain"), jen.Id(fn))),
	)
}

// writerMethods names the methods every writer has, which an interface
// wrapped with -iface must not have.
var writerMethods = []string{
	"End", "Err", "Drain", "WaitDrain", "NeedDrain", "WritableLength",
	"HighWaterMark", "Stats", "On", "Once", "Off", "OnceDrain",
}
