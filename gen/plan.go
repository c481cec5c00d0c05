package gen

import (
	"fmt"
	"go/token"
	"go/types"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bpvet/bpvet/internal/gotypes"
	"github.com/dave/jennifer/jen"
)

// A generator builds one file: plan resolves the options into specs, and
// render emits them. Errors found while rendering types are kept in err;
// the first one is reported.
type generator struct {
	*Package
	opts    Options
	err     error
	gen     map[string]string // generated top-level name -> the flag it is for
	specs   []spec
	file    *jen.File
	imports map[string]string // path -> name of the import
	avoid   map[string]bool   // names imports must not take
}

// A spec is what to generate for one -type or -iface name.
type spec struct {
	flag string // "-type" or "-iface"
	name string // flag value: T, *T or I
	obj  *types.TypeName
	typ  string // TWriter
	ctor string // NewTWriter

	// -type
	elem     types.Type // T or *T
	size     string     // resolved size mode
	sizeExpr bool       // the size method is in elem's method set: WithSize(T.Size)

	// -iface
	methods []*types.Func // the methods queued, in the interface's order
	call    string        // tCall, the queued call record
	ops     []string      // constants selecting the method of a call, when there are several
}

func (g *generator) fail(err error) {
	if g.err == nil {
		g.err = err
	}
}

func (g *generator) pos(p token.Pos) string {
	pos := g.fset.Position(p)
	if !pos.IsValid() {
		return g.types.Path()
	}
	return posString(pos)
}

// plan resolves the names in g.opts, checks them and fills g.specs.
func (g *generator) plan() error {
	for _, name := range g.opts.Types {
		s, err := g.planType(name)
		if err != nil {
			return err
		}
		g.specs = append(g.specs, s)
	}
	for _, name := range g.opts.Ifaces {
		s, err := g.planIface(name)
		if err != nil {
			return err
		}
		g.specs = append(g.specs, s)
	}
	for _, s := range g.specs {
		if err := g.declare(s, append([]string{s.typ, s.ctor, s.call}, s.ops...)...); err != nil {
			return err
		}
	}
	return nil
}

// lookup finds the type name for flag.
func (g *generator) lookup(flag, name string) (*types.TypeName, error) {
	if pkg, base, ok := strings.Cut(name, "."); ok && token.IsIdentifier(pkg) && token.IsIdentifier(base) {
		return nil, fmt.Errorf("%s: %s is not in this package; declare an alias here (type %s = %s) and name that", flag, name, base, name)
	}
	if !token.IsIdentifier(name) {
		return nil, fmt.Errorf("%s: %q is not a type name", flag, name)
	}
	obj := g.types.Scope().Lookup(name)
	if obj == nil {
		return nil, fmt.Errorf("%s: no type %s in package %s", flag, name, g.types.Name())
	}
	tn, ok := obj.(*types.TypeName)
	if !ok {
		return nil, fmt.Errorf("%s: %s is not a type (%s)", g.pos(obj.Pos()), name, flag)
	}
	if a, ok := tn.Type().(*types.Alias); ok && a.TypeParams().Len() > 0 {
		return nil, fmt.Errorf("%s: generic alias %s is not supported (%s); use the aliased type", g.pos(obj.Pos()), name, flag)
	}
	return tn, nil
}

func (g *generator) planType(name string) (spec, error) {
	base, ptr := strings.CutPrefix(name, "*")
	tn, err := g.lookup("-type", base)
	if err != nil {
		return spec{}, err
	}
	s := spec{flag: "-type", name: name, obj: tn, elem: tn.Type()}
	if ptr {
		s.elem = types.NewPointer(tn.Type())
	}
	if s.size, err = g.sizeMode(s); err != nil {
		return spec{}, err
	}
	if s.size == SizeSize || s.size == SizeLen {
		// A method with a pointer receiver is callable on v but has no
		// method expression T.Len; the constructor then uses a literal.
		s.sizeExpr = types.NewMethodSet(s.elem).Lookup(g.types, s.size) != nil
	}
	s.typ, s.ctor = names(base, tn.Exported())
	return s, nil
}

func (g *generator) planIface(name string) (spec, error) {
	tn, err := g.lookup("-iface", name)
	if err != nil {
		return spec{}, err
	}
	at := g.pos(tn.Pos())
	if n, ok := tn.Type().(*types.Named); ok && n.TypeParams().Len() > 0 {
		return spec{}, fmt.Errorf("%s: generic interface %s is not supported (-iface); name an instance through an alias: type X = %s[...]", at, name, name)
	}
	it, ok := tn.Type().Underlying().(*types.Interface)
	if !ok {
		return spec{}, fmt.Errorf("%s: %s is not an interface (-iface)", at, name)
	}
	if !it.IsMethodSet() {
		return spec{}, fmt.Errorf("%s: %s is a constraint, not an interface with methods only (-iface)", at, name)
	}
	if it.NumMethods() == 0 {
		return spec{}, fmt.Errorf("%s: interface %s has no methods (-iface)", at, name)
	}
	s := spec{flag: "-iface", name: name, obj: tn}
	s.typ, s.ctor = names(name, tn.Exported())
	s.call = lowerFirst(name) + "Call"
	for _, m := range g.opts.Methods {
		if obj, _, _ := types.LookupFieldOrMethod(it, false, g.types, m); obj == nil {
			return spec{}, fmt.Errorf("%s: -methods=%s: interface %s has no method %s", at, strings.Join(g.opts.Methods, ","), name, m)
		}
	}
	errType := types.Universe.Lookup("error").Type()
	for m := range it.Methods() {
		if len(g.opts.Methods) > 0 && !slices.Contains(g.opts.Methods, m.Name()) {
			continue
		}
		sig := m.Signature()
		if sig.Results().Len() != 1 || !types.Identical(sig.Results().At(0).Type(), errType) {
			hint := "select the methods to queue with -methods"
			if len(g.opts.Methods) > 0 {
				hint = "-methods may name only such methods"
			}
			return spec{}, fmt.Errorf("%s: %s.%s returns %s, want error: -iface queues methods that return only error; %s",
				g.pos(m.Pos()), name, m.Name(), resultString(sig, g.types), hint)
		}
		if !m.Exported() && m.Pkg() != g.types {
			return spec{}, fmt.Errorf("%s: %s.%s is unexported in package %s", g.pos(m.Pos()), name, m.Name(), m.Pkg().Name())
		}
		if slices.Contains(writerMethods, m.Name()) {
			return spec{}, fmt.Errorf("%s: %s.%s clashes with the writer method %s.%s", g.pos(m.Pos()), name, m.Name(), s.typ, m.Name())
		}
		s.methods = append(s.methods, m)
	}
	if len(s.methods) > 1 {
		for _, m := range s.methods {
			s.ops = append(s.ops, lowerFirst(name)+upperFirst(m.Name()))
		}
	}
	return s, nil
}

func resultString(sig *types.Signature, pkg *types.Package) string {
	switch sig.Results().Len() {
	case 0:
		return "nothing"
	case 1:
		return types.TypeString(sig.Results().At(0).Type(), types.RelativeTo(pkg))
	}
	return types.TypeString(sig.Results(), types.RelativeTo(pkg))
}

// names returns the writer type and constructor names for base, exported
// when the type is.
func names(base string, exported bool) (typ, ctor string) {
	if exported {
		return base + "Writer", "New" + base + "Writer"
	}
	return base + "Writer", "new" + upperFirst(base) + "Writer"
}

// declare records generated top-level names, rejecting clashes with the
// package and with each other.
func (g *generator) declare(s spec, names ...string) error {
	for _, n := range names {
		if n == "" {
			continue
		}
		if prev := g.gen[n]; prev != "" {
			return fmt.Errorf("%s=%s: %s is also generated for %s", s.flag, s.name, n, prev)
		}
		if obj := g.types.Scope().Lookup(n); obj != nil && !g.inOutput(obj.Pos()) {
			return fmt.Errorf("%s: %s is already declared; %s=%s would generate it", g.pos(obj.Pos()), n, s.flag, s.name)
		}
		g.gen[n] = s.flag + "=" + s.name
	}
	return nil
}

func (g *generator) inOutput(p token.Pos) bool {
	return g.output != "" && g.fset.Position(p).Filename == g.output
}

// sizeMode resolves -size for a -type writer.
func (g *generator) sizeMode(s spec) (string, error) {
	mode := g.opts.Size
	has := map[string]bool{
		SizeSize:  g.hasIntMethod(s.elem, "Size"),
		SizeLen:   g.hasIntMethod(s.elem, "Len"),
		SizeBytes: gotypes.IsBytes(s.elem),
	}
	switch mode {
	case "", SizeAuto:
		for _, m := range []string{SizeSize, SizeLen, SizeBytes} {
			if has[m] {
				return m, nil
			}
		}
		return SizeCount, nil
	case SizeCount:
		return mode, nil
	}
	if !has[mode] {
		what := map[string]string{
			SizeSize:  "has no method Size() int",
			SizeLen:   "has no method Len() int",
			SizeBytes: "is not based on []byte or string",
		}[mode]
		return "", fmt.Errorf("%s: -size=%s: %s %s", g.pos(s.obj.Pos()), mode, s.name, what)
	}
	return mode, nil
}

func (g *generator) hasIntMethod(t types.Type, name string) bool {
	obj, _, _ := types.LookupFieldOrMethod(t, true, g.types, name)
	fn, ok := obj.(*types.Func)
	if !ok {
		return false
	}
	sig := fn.Signature()
	return sig.Params().Len() == 0 && sig.Results().Len() == 1 &&
		types.Identical(sig.Results().At(0).Type(), types.Typ[types.Int])
}

// writerMethods names the methods every IWriter has, which the methods it
// queues must not be named.
var writerMethods = []string{
	"End", "Err", "Drain", "WaitDrain", "NeedDrain", "WritableLength",
	"HighWaterMark", "Stats", "On", "Once", "Off", "OnceDrain",
}

func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}
