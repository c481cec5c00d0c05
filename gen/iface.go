package gen

import (
	"fmt"
	"go/token"
	"go/types"
	"strconv"

	"github.com/dave/jennifer/jen"
)

// An IWriter queues calls as records in a runtime.Writer: one record type
// with an op number and, per method with parameters, a field named after
// the method that holds its arguments. The sink replays each batch on the
// wrapped value in order, from the flusher, and stops at the first error.
// Records are values, so queueing a call allocates nothing.

// ifaceWriter emits IWriter for -iface=I.
func (g *generator) ifaceWriter(f *jen.File, w writer) {
	e := g.emitter(w)
	multi := len(w.methods) > 1
	recv, dst := "c", "dst"
	// The record's own names must differ from the method names, its fields.
	own := map[string]bool{}
	for _, m := range w.methods {
		own[m.Name()] = true
	}
	opField, callMethod := fresh("op", own, map[string]bool{}), fresh("call", own, map[string]bool{})
	params := make([][]string, len(w.methods))
	for i, m := range w.methods {
		params[i] = e.paramNames(m.Signature())
	}

	e.structDecl(f,
		fmt.Sprintf("%s queues calls to a %s and makes them in order from a", w.typ, w.obj.Name()),
		"background flusher goroutine. Each method queues its call and reports",
		"whether to keep calling: after false, stop and wait for drain (WaitDrain,",
		"Drain or OnceDrain). Arguments are queued as given, so do not modify",
		"what they point to until the call was made.",
	)

	batch, i, err := e.local("batch"), e.local("i"), e.local("err")
	sink := jen.Func().Params(jen.Id(batch).Index().Id(w.call)).Error().Block(
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
	byDefault := "runtime.DefaultObjectHighWaterMark"
	if g.opts.HWM >= 0 {
		byDefault = strconv.Itoa(g.opts.HWM)
	}
	e.ctor(f, jen.Id(dst).Add(g.typeCode(w.obj.Type())), sink, e.hwmDefault(false),
		fmt.Sprintf("%s returns a new %s that makes the queued calls on %s, in", w.ctor, w.typ, dst),
		"order. The first call that fails errors the writer: the calls queued",
		"after it are dropped, and End and Err return the error wrapped in a",
		"*runtime.DeliveryError, which counts the failed call and those after",
		"it as undelivered.",
		"The highWaterMark counts calls ("+byDefault+" by default); opts",
		"apply after these defaults and override them.",
	)

	for k, m := range w.methods {
		sig := m.Signature()
		f.Line().Add(signalDoc(
			fmt.Sprintf("%s queues a call to %s.%s and reports whether to keep", m.Name(), w.obj.Name(), m.Name()),
			"calling. After false, wait for drain before the next call. After End",
			"or an error it queues nothing and returns false.",
		))
		rec := jen.Id(w.call).Values()
		if multi {
			rec = jen.Id(w.call).Values(jen.Dict{jen.Id(opField): jen.Lit(k)})
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
	if multi {
		f.Add(doc(fmt.Sprintf("%s is a queued call to a %s method: %s selects the method and the field named after it holds the arguments.", w.call, w.obj.Name(), opField)))
	} else {
		f.Add(doc(fmt.Sprintf("%s is a queued call to %s.%s, with its arguments.", w.call, w.obj.Name(), w.methods[0].Name())))
	}
	f.Type().Id(w.call).StructFunc(func(s *jen.Group) {
		if multi {
			s.Id(opField).Int()
		}
		for i, m := range w.methods {
			sig := m.Signature()
			if sig.Params().Len() == 0 {
				continue
			}
			s.Id(m.Name()).StructFunc(func(s *jen.Group) {
				for j := range sig.Params().Len() {
					s.Id(params[i][j]).Add(g.typeCode(sig.Params().At(j).Type()))
				}
			})
		}
	})

	f.Line().Add(doc(fmt.Sprintf("%s makes the queued call on %s.", callMethod, dst)))
	f.Func().Params(jen.Id(recv).Op("*").Id(w.call)).Id(callMethod).
		Params(jen.Id(dst).Add(g.typeCode(w.obj.Type()))).Error().BlockFunc(func(b *jen.Group) {
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
		if !multi {
			b.Add(replay(0, w.methods[0]))
			return
		}
		b.Switch(jen.Id(recv).Dot(opField)).BlockFunc(func(s *jen.Group) {
			for i, m := range w.methods {
				s.Case(jen.Lit(i)).Block(replay(i, m))
			}
		})
		b.Panic(jen.Lit("bpgen: unknown " + opField + " in " + w.call))
	})
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
