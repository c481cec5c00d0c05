package gen

import (
	"fmt"
	"go/types"

	"github.com/dave/jennifer/jen"
)

// typeCode renders t as jennifer code. Named types of other packages are
// qualified through the file's imports, which records them for aliasing.
func (g *generator) typeCode(t types.Type) jen.Code {
	switch t := t.(type) {
	case *types.Basic:
		if t.Kind() == types.UnsafePointer {
			return g.qual("unsafe", "unsafe", "Pointer")
		}
		return jen.Id(t.Name())
	case *types.Alias:
		return g.namedCode(t.Obj(), t.TypeArgs())
	case *types.Named:
		return g.namedCode(t.Obj(), t.TypeArgs())
	case *types.TypeParam:
		return jen.Id(t.Obj().Name())
	case *types.Pointer:
		return jen.Op("*").Add(g.typeCode(t.Elem()))
	case *types.Slice:
		return jen.Index().Add(g.typeCode(t.Elem()))
	case *types.Array:
		return jen.Index(jen.Lit(int(t.Len()))).Add(g.typeCode(t.Elem()))
	case *types.Map:
		return jen.Map(g.typeCode(t.Key())).Add(g.typeCode(t.Elem()))
	case *types.Chan:
		elem := g.typeCode(t.Elem())
		if e, ok := t.Elem().(*types.Chan); ok && e.Dir() == types.RecvOnly && t.Dir() != types.RecvOnly {
			elem = jen.Parens(elem) // chan (<-chan T), not chan<- chan T
		}
		switch t.Dir() {
		case types.SendOnly:
			return jen.Chan().Op("<-").Add(elem)
		case types.RecvOnly:
			return jen.Op("<-").Chan().Add(elem)
		}
		return jen.Chan().Add(elem)
	case *types.Signature:
		return jen.Func().Add(g.signature(t, nil))
	case *types.Struct:
		fields := make([]jen.Code, t.NumFields())
		for i := range fields {
			f := t.Field(i)
			c := jen.Id(f.Name()).Add(g.typeCode(f.Type()))
			if f.Embedded() {
				c = jen.Add(g.typeCode(f.Type()))
			}
			if tag := t.Tag(i); tag != "" {
				c.Add(jen.Lit(tag))
			}
			fields[i] = c
		}
		return jen.Struct(fields...)
	case *types.Interface:
		if t.IsImplicit() && t.NumEmbeddeds() == 1 {
			return g.typeCode(t.EmbeddedType(0))
		}
		var elems []jen.Code
		for i := range t.NumEmbeddeds() {
			elems = append(elems, g.typeCode(t.EmbeddedType(i)))
		}
		for i := range t.NumExplicitMethods() {
			m := t.ExplicitMethod(i)
			elems = append(elems, jen.Id(m.Name()).Add(g.signature(m.Signature(), nil)))
		}
		return jen.Interface(elems...)
	case *types.Union:
		terms := make([]jen.Code, t.Len())
		for i := range terms {
			term := t.Term(i)
			terms[i] = g.typeCode(term.Type())
			if term.Tilde() {
				terms[i] = jen.Op("~").Add(terms[i])
			}
		}
		return jen.Union(terms...)
	}
	g.fail(fmt.Errorf("unsupported type %s", t))
	return jen.Null()
}

func (g *generator) namedCode(obj *types.TypeName, args *types.TypeList) jen.Code {
	var c *jen.Statement
	switch {
	case obj.Pkg() == nil: // error, any, comparable
		c = jen.Id(obj.Name())
	case obj.Pkg() == g.types:
		c = jen.Id(obj.Name())
	default:
		if !obj.Exported() {
			g.fail(fmt.Errorf("%s: cannot refer to unexported type %s.%s", g.pos(obj.Pos()), obj.Pkg().Name(), obj.Name()))
		}
		c = g.qual(obj.Pkg().Path(), obj.Pkg().Name(), obj.Name())
	}
	if args.Len() > 0 {
		codes := make([]jen.Code, args.Len())
		for i := range codes {
			codes[i] = g.typeCode(args.At(i))
		}
		c.Types(codes...)
	}
	return c
}

// signature renders sig's parameters and results, naming the parameters
// with names (nil keeps them unnamed).
func (g *generator) signature(sig *types.Signature, names []string) jen.Code {
	s := g.params(sig, names)
	results := make([]jen.Code, sig.Results().Len())
	for i := range results {
		results[i] = g.typeCode(sig.Results().At(i).Type())
	}
	switch len(results) {
	case 0:
	case 1:
		s.Add(results[0])
	default:
		s.Params(results...)
	}
	return s
}

// params renders sig's parameter list.
func (g *generator) params(sig *types.Signature, names []string) *jen.Statement {
	params := make([]jen.Code, sig.Params().Len())
	for i := range params {
		t := sig.Params().At(i).Type()
		var c *jen.Statement
		if sig.Variadic() && i == len(params)-1 {
			c = jen.Op("...").Add(g.typeCode(t.(*types.Slice).Elem()))
		} else {
			c = jen.Add(g.typeCode(t))
		}
		if names != nil {
			c = jen.Id(names[i]).Add(c)
		}
		params[i] = c
	}
	return jen.Params(params...)
}

// typeParams renders the declaration of tparams ([K comparable, V any]) and
// their use as arguments ([K, V]).
func (g *generator) typeParams(tparams *types.TypeParamList) (decl, use []jen.Code) {
	for i := range tparams.Len() {
		p := tparams.At(i)
		decl = append(decl, jen.Id(p.Obj().Name()).Add(g.typeCode(p.Constraint())))
		use = append(use, jen.Id(p.Obj().Name()))
	}
	return decl, use
}
