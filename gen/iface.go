package gen

import (
	"fmt"
	"go/token"
	"go/types"
	"strconv"

	"github.com/dave/jennifer/jen"
)

// An IWriter queues calls as records in a runtime.Writer: one record type
// with an op constant and, per method with parameters, a field named after
// the method that holds its arguments. The sink replays each batch on the
// wrapped value in order, from the flusher, and stops at the first error.
// Records are values, so queueing a call allocates nothing. IWriter does
// not embed the runtime writer, whose Write would take the record type.

// ifaceWriter emits IWriter for -iface=I.
func (g *generator) ifaceWriter(f *jen.File, s spec) {
	e := g.emitter(s)
	recv, dst := "c", "dst"
	// The record's own names must differ from the method names, its fields.
	own := map[string]bool{}
	for _, m := range s.methods {
		own[m.Name()] = true
	}
	opField, callMethod := fresh("op", own, map[string]bool{}), fresh("call", own, map[string]bool{})
	params := make([][]string, len(s.methods))
	for i, m := range s.methods {
		params[i] = e.paramNames(m.Signature())
	}

	f.Add(doc(
		fmt.Sprintf("%s queues calls and makes them in order on the %s it wraps,", s.typ, s.obj.Name()),
		"from a background flusher goroutine. Each method queues its call and reports",
		"whether to keep calling: after false, stop and wait for drain (WaitDrain,",
		"Drain or OnceDrain). Arguments are queued as given, so do not modify",
		"what they point to until the call was made.",
	))
	f.Type().Id(s.typ).Types(e.decl...).Struct(jen.Id("rw").Add(e.runtimeWriter()))

	batch, i, err := e.local("batch"), e.local("i"), e.local("err")
	sink := jen.Func().Params(jen.Id(batch).Index().Id(s.call)).Error().Block(
		jen.For(jen.Id(i).Op(":=").Range().Id(batch)).Block(
			jen.If(
				jen.Id(err).Op(":=").Id(batch).Index(jen.Id(i)).Dot(callMethod).Call(jen.Id(dst)),
				jen.Id(err).Op("!=").Nil(),
			).Block(jen.Return(jen.Op("&").Add(e.rt("PartialError")).Values(jen.Dict{
				jen.Id("N"):   jen.Id(i),
				jen.Id("Err"): jen.Id(err),
			}))),
		),
		jen.Return(jen.Nil()),
	)
	defaults, byDefault := e.hwm(false)
	e.ctor(f, jen.Id(dst).Add(g.typeCode(s.obj.Type())), sink, defaults,
		func(rw jen.Code) jen.Code { return jen.Values(jen.Dict{jen.Id("rw"): rw}) },
		fmt.Sprintf("%s returns a new %s that makes the queued calls on %s, in", s.ctor, s.typ, dst),
		"order. The first call that fails errors the writer: the calls queued",
		"after it are dropped, and End and Err return the error wrapped in a",
		"[*"+g.rtDoc("DeliveryError")+"], which counts the failed call and those after",
		"it as undelivered. End makes no call of its own on "+dst+": whatever",
		"ends "+dst+" is the caller's to call after End.",
		"The highWaterMark counts calls, "+byDefault+" by default; opts",
		"apply after these defaults and override them.",
	)

	for k, m := range s.methods {
		sig := m.Signature()
		f.Line().Add(signalDoc(
			fmt.Sprintf("%s queues a call to %s.%s and reports whether to keep", m.Name(), s.obj.Name(), m.Name()),
			"calling. After false, wait for drain before the next call. After End",
			"or an error it queues nothing and returns false.",
		))
		rec := jen.Id(s.call).Values()
		if s.ops != nil {
			rec = jen.Id(s.call).Values(jen.Dict{jen.Id(opField): jen.Id(s.ops[k])})
		}
		f.Add(e.method(m.Name())).Add(g.params(sig, params[k])).Bool().BlockFunc(func(b *jen.Group) {
			if sig.Params().Len() == 0 {
				b.Return(e.inner().Dot("Write").Call(rec))
				return
			}
			b.Id(recv).Op(":=").Add(rec)
			lhs := make([]jen.Code, len(params[k]))
			rhs := make([]jen.Code, len(params[k]))
			for j, p := range params[k] {
				lhs[j] = jen.Id(recv).Dot(m.Name()).Dot(p)
				rhs[j] = jen.Id(p)
			}
			b.List(lhs...).Op("=").List(rhs...)
			b.Return(e.inner().Dot("Write").Call(jen.Id(recv)))
		})
	}
	e.commonMethods(f)
	f.Line()
	if s.ops != nil {
		f.Add(doc(fmt.Sprintf("%s is a queued call to a %s method: %s selects the method and the field named after it holds the arguments.", s.call, s.obj.Name(), opField)))
	} else {
		f.Add(doc(fmt.Sprintf("%s is a queued call to %s.%s, with its arguments.", s.call, s.obj.Name(), s.methods[0].Name())))
	}
	f.Type().Id(s.call).StructFunc(func(st *jen.Group) {
		if s.ops != nil {
			st.Id(opField).Int()
		}
		for i, m := range s.methods {
			sig := m.Signature()
			if sig.Params().Len() == 0 {
				continue
			}
			st.Id(m.Name()).StructFunc(func(st *jen.Group) {
				for j := range sig.Params().Len() {
					st.Id(params[i][j]).Add(g.typeCode(sig.Params().At(j).Type()))
				}
			})
		}
	})
	if s.ops != nil {
		f.Line().Add(doc(fmt.Sprintf("The values of %s.%s: the %s method a call makes.", s.call, opField, s.obj.Name())))
		f.Const().DefsFunc(func(d *jen.Group) {
			for k, op := range s.ops {
				if k == 0 {
					d.Id(op).Op("=").Iota()
				} else {
					d.Id(op)
				}
			}
		})
	}

	f.Line().Add(doc(fmt.Sprintf("%s makes the queued call on %s.", callMethod, dst)))
	f.Func().Params(jen.Id(recv).Op("*").Id(s.call)).Id(callMethod).
		Params(jen.Id(dst).Add(g.typeCode(s.obj.Type()))).Error().BlockFunc(func(b *jen.Group) {
		replay := func(i int, m *types.Func) jen.Code {
			args := make([]jen.Code, len(params[i]))
			for j, p := range params[i] {
				args[j] = jen.Id(recv).Dot(m.Name()).Dot(p)
				if m.Signature().Variadic() && j == len(args)-1 {
					args[j] = jen.Add(args[j]).Op("...")
				}
			}
			return jen.Return(jen.Id(dst).Dot(m.Name()).Call(args...))
		}
		if s.ops == nil {
			b.Add(replay(0, s.methods[0]))
			return
		}
		b.Switch(jen.Id(recv).Dot(opField)).BlockFunc(func(sw *jen.Group) {
			for i, m := range s.methods {
				sw.Case(jen.Id(s.ops[i])).Block(replay(i, m))
			}
		})
		b.Panic(jen.Lit("bpgen: unknown " + opField + " in " + s.call))
	})
}

// inner is w.rw, the wrapped runtime writer.
func (e *emitter) inner() *jen.Statement { return jen.Id(e.recv).Dot("rw") }

// commonMethods emits the runtime writer's methods but Write, and
// OnceDrain; there is deliberately no OnDrain (see runtime.Writer.OnceDrain).
// The doc comments are the runtime's, shortened.
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
		{"End", nil, jen.Error(), "End stops accepting calls, waits until the queued ones are made, fires finish and close, and returns the writer's first error."},
		{"Err", nil, jen.Error(), "Err returns the writer's first error: a failed call's, as a [*" + e.rtDoc("DeliveryError") + "], or " + e.rtDoc("ErrWriteAfterEnd") + "."},
		{"Drain", nil, jen.Op("<-").Chan().Struct(), "Drain returns a channel closed when the pending drain fires, or when the writer ends or fails instead; it is closed when none is pending."},
		{"WaitDrain", []param{{ctx, e.qual("context", "context", "Context")}}, jen.Error(), "WaitDrain blocks until no drain is pending. It returns " + ctx + "'s error, the writer's error, or " + e.rtDoc("ErrEnded") + " if End was called."},
		{"NeedDrain", nil, jen.Bool(), "NeedDrain reports whether a call returned false and the drain has not fired yet."},
		{"WritableLength", nil, jen.Int(), "WritableLength returns the number of queued calls, including those being made."},
		{"HighWaterMark", nil, jen.Int(), "HighWaterMark returns the number of queued calls at which calls return false."},
		{"Stats", nil, e.rt("Stats"), "Stats returns a snapshot of the writer's counters, which count calls."},
		{"On", listener, e.rt("ListenerID"), "On registers " + fn + " to run every time " + ev + " fires. For drain, use OnceDrain: a persistent drain listener resumes a producer twice."},
		{"Once", listener, e.rt("ListenerID"), "Once registers " + fn + " to run the next time " + ev + " fires."},
		{"Off", []param{{id, e.rt("ListenerID")}}, jen.Bool(), "Off removes a listener and reports whether it was registered."},
		{"OnceDrain", []param{{fn, jen.Func().Params()}}, e.rt("ListenerID"), "OnceDrain registers " + fn + " to run once, at the next drain, to resume a producer after a call returned false."},
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
}

// paramNames keeps the declared parameter names where they are usable and
// replaces the others (unnamed, _, or taken by the method body) with pN.
func (e *emitter) paramNames(sig *types.Signature) []string {
	taken := map[string]bool{e.recv: true, "c": true}
	for n := range e.gen {
		taken[n] = true
	}
	names := make([]string, sig.Params().Len())
	used := map[string]bool{}
	for i := range names {
		names[i] = sig.Params().At(i).Name()
		used[names[i]] = true
	}
	for i, n := range names {
		if n == "" || n == "_" || taken[n] {
			names[i] = fresh(paramName(sig.Params().At(i).Type(), i), taken, used)
		}
	}
	return names
}

// paramName names an unnamed parameter after its type: ctx for a
// context.Context, msg for a *Msg, else pN.
func paramName(t types.Type, i int) string {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil {
		if n.Obj().Pkg().Path() == "context" && n.Obj().Name() == "Context" {
			return "ctx"
		}
		name := lowerFirst(n.Obj().Name())
		if name != n.Obj().Name() && !token.IsKeyword(name) && types.Universe.Lookup(name) == nil {
			return name
		}
	}
	return "p" + strconv.Itoa(i)
}
