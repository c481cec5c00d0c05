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
	s      spec
	locals map[string]bool   // names locals must not take, and those taken
	named  map[string]string // base -> local name
	recv   string
	decl   []jen.Code // type parameters, declared
	use    []jen.Code // type parameters, as arguments
}

func (g *generator) emitter(s spec) *emitter {
	e := &emitter{generator: g, s: s, locals: map[string]bool{}, named: map[string]string{}}
	avoid := map[string]bool{s.obj.Name(): true, g.imports[runtimePath]: true}
	for n := range g.gen {
		avoid[n] = true
	}
	if n, ok := s.obj.Type().(*types.Named); ok && n.TypeParams().Len() > 0 {
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
	return jen.Op("*").Add(e.typeArgs(jen.Id(e.s.typ)))
}

// elem is the element type of the runtime writer: T (or *T, or T[K]), or
// the call record of an IWriter.
func (e *emitter) elem() *jen.Statement {
	if e.s.call != "" {
		return jen.Id(e.s.call)
	}
	t := e.typeArgs(jen.Id(e.s.obj.Name()))
	if _, ok := e.s.elem.(*types.Pointer); ok {
		return jen.Op("*").Add(t)
	}
	return t
}

// method starts func (w *TWriter[K]) name.
func (e *emitter) method(name string) *jen.Statement {
	return jen.Func().Params(jen.Id(e.recv).Add(e.writerType())).Id(name)
}

// runtimeWriter is *runtime.Writer[elem].
func (e *emitter) runtimeWriter() *jen.Statement {
	return jen.Op("*").Add(e.rt("Writer")).Types(e.elem())
}

// ctor declares the constructor, whose first parameter is first and which
// wraps runtime.NewWriter(sink, opts...) in the writer with wrap. defaults
// are options applied before opts.
func (e *emitter) ctor(f *jen.File, first, sink jen.Code, defaults []jen.Code, wrap func(rw jen.Code) jen.Code, lines ...string) {
	opts := e.local("opts")
	f.Line().Add(doc(lines...))
	f.Func().Id(e.s.ctor).Types(e.decl...).
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
			b.Return(jen.Op("&").Add(e.typeArgs(jen.Id(e.s.typ))).Add(
				wrap(e.rt("NewWriter").Call(sink, jen.Id(opts).Op("...")))))
		})
}

// hwm returns the -hwm option, or the byte default when bytes is set, and
// the default mark as the constructor's doc states it.
func (e *emitter) hwm(bytes bool) ([]jen.Code, string) {
	switch {
	case e.opts.HWM > 0:
		return []jen.Code{e.rt("WithHighWaterMark").Call(jen.Lit(e.opts.HWM))}, fmt.Sprint(e.opts.HWM)
	case bytes:
		return []jen.Code{e.rt("WithHighWaterMark").Call(e.rt("DefaultByteHighWaterMark"))}, e.rtDoc("DefaultByteHighWaterMark")
	}
	return nil, e.rtDoc("DefaultObjectHighWaterMark") + " (16)"
}

// typeWriter emits TWriter for -type=T: the runtime writer, embedded, and
// a constructor with T's defaults. The methods are all the runtime's.
func (g *generator) typeWriter(f *jen.File, s spec) {
	e := g.emitter(s)
	tname := s.obj.Name()
	if n, ok := s.obj.Type().(*types.Named); ok && n.TypeParams().Len() > 0 {
		var tps []string
		for tp := range n.TypeParams().TypeParams() {
			tps = append(tps, tp.Obj().Name())
		}
		tname += "[" + strings.Join(tps, ", ") + "]"
	}
	if _, ok := s.elem.(*types.Pointer); ok {
		tname = "*" + tname
	}

	sink, v := e.local("sink"), e.local("v")
	unit := "values"
	var size jen.Code
	switch s.size {
	case SizeSize, SizeLen:
		unit = s.size + "() units"
		if s.sizeExpr {
			recv := e.elem()
			if _, ok := s.elem.(*types.Pointer); ok {
				recv = jen.Parens(recv)
			}
			size = recv.Dot(s.size)
		} else {
			size = jen.Func().Params(jen.Id(v).Add(e.elem())).Int().Block(jen.Return(jen.Id(v).Dot(s.size).Call()))
		}
	case SizeBytes:
		unit = "bytes"
		size = jen.Func().Params(jen.Id(v).Add(e.elem())).Int().Block(jen.Return(jen.Len(jen.Id(v))))
	}
	counts := ""
	if size != nil {
		counts = " whose highWaterMark counts " + unit
	}
	defaults, byDefault := e.hwm(size != nil)
	if size != nil {
		defaults = append(defaults, e.rt("WithSize").Call(size))
	}

	f.Add(doc(
		fmt.Sprintf("%s is a [%s] of %s values%s.", s.typ, g.rtDoc("Writer"), tname, counts),
		"Write reports whether to keep writing: after false, wait for drain,",
		"or let WriteAll run that loop. Create it with "+s.ctor+".",
	))
	f.Type().Id(s.typ).Types(e.decl...).Struct(e.runtimeWriter())

	e.ctor(f, jen.Id(sink).Func().Params(jen.Index().Add(e.elem())).Error(), jen.Id(sink), defaults,
		func(rw jen.Code) jen.Code { return jen.Values(rw) },
		fmt.Sprintf("%s returns a new %s that hands batches of %s to %s, in order,", s.ctor, s.typ, tname, sink),
		fmt.Sprintf("as [%s] does. Its highWaterMark counts %s, %s by", g.rtDoc("NewWriter"), unit, byDefault),
		"default; opts apply after these defaults and override them.",
	)
}
