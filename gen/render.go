package gen

import (
	"bytes"
	"fmt"
	"go/types"
	"strings"

	"github.com/dave/jennifer/jen"
	"golang.org/x/tools/imports"
)

const runtimePath = "github.com/bpvet/bpvet/runtime"

// render emits the file planned in g.specs.
func (g *generator) render() ([]byte, error) {
	f := jen.NewFilePathName(g.types.Path(), g.types.Name())
	g.file = f
	f.NoFormat = true // imports.Process below formats, once
	f.HeaderComment(strings.TrimPrefix(header(g.opts), "// "))
	g.imports = map[string]string{}
	g.avoid = map[string]bool{}
	for _, n := range g.types.Scope().Names() {
		g.avoid[n] = true
	}
	for n := range g.gen {
		g.avoid[n] = true
	}
	for _, s := range g.specs {
		if n, ok := s.obj.Type().(*types.Named); ok {
			for tp := range n.TypeParams().TypeParams() {
				g.avoid[tp.Obj().Name()] = true
			}
		}
	}
	g.rt("Writer") // names the runtime import before locals are chosen
	for i, s := range g.specs {
		if i > 0 {
			f.Line()
		}
		if s.flag == "-iface" {
			g.ifaceWriter(f, s)
		} else {
			g.typeWriter(f, s)
		}
	}
	if g.err != nil {
		return nil, g.err
	}
	var buf bytes.Buffer
	if err := f.Render(&buf); err != nil {
		return nil, fmt.Errorf("%s: rendering: %v", g.types.Path(), err)
	}
	// Format, with the standard library imports grouped first.
	src, err := imports.Process("bpwriter.go", buf.Bytes(), &imports.Options{FormatOnly: true, Comments: true, TabIndent: true, TabWidth: 8})
	if err != nil {
		return nil, fmt.Errorf("%s: formatting: %v", g.types.Path(), err)
	}
	return src, nil
}

// qual refers to name in the package at path. The first use of a path
// names its import: the package name, or an alias when that name is taken
// in the package scope (a package-level "runtime", say) or by a type
// parameter.
func (g *generator) qual(path, pkgName, name string) *jen.Statement {
	if _, ok := g.imports[path]; !ok {
		as := pkgName
		if g.avoid[as] || jen.IsReservedWord(as) {
			as = fresh("bp"+pkgName, g.avoid, g.avoid)
			g.file.ImportAlias(path, as)
		} else {
			g.file.ImportName(path, as)
		}
		g.avoid[as] = true
		g.imports[path] = as
	}
	return jen.Qual(path, name)
}

func (g *generator) rt(name string) *jen.Statement { return g.qual(runtimePath, "runtime", name) }

// rtDoc names the runtime's name in a doc comment, as the file imports it.
func (g *generator) rtDoc(name string) string { return g.imports[runtimePath] + "." + name }

// fresh returns base, or base with a number, so that it differs from the
// names in avoid and in used, and marks it used.
func fresh(base string, avoid, used map[string]bool) string {
	name := base
	for i := 2; avoid[name] || used[name]; i++ {
		name = fmt.Sprintf("%s%d", base, i)
	}
	used[name] = true
	return name
}

// doc renders text as a // comment block. Consecutive lines form a
// paragraph, reflowed to docWidth; "" separates paragraphs, and a line that
// starts with // (a directive) is kept as is.
func doc(text ...string) jen.Code {
	var out, para []string
	flush := func() {
		line := ""
		for _, word := range strings.Fields(strings.Join(para, " ")) {
			if line != "" && len(line)+1+len(word) > docWidth {
				out = append(out, "// "+line)
				line = ""
			}
			if line != "" {
				line += " "
			}
			line += word
		}
		if line != "" {
			out = append(out, "// "+line)
		}
		para = para[:0]
	}
	for _, t := range text {
		switch {
		case strings.HasPrefix(t, "//"):
			flush()
			out = append(out, t)
		case t == "":
			flush()
			out = append(out, "//")
		default:
			para = append(para, t)
		}
	}
	flush()
	return jen.Comment(strings.Join(out, "\n"))
}

const docWidth = 74

// signalDoc is doc followed by the directive that makes bpvet check callers.
func signalDoc(lines ...string) jen.Code {
	return doc(append(lines, "", "//bpvet:signal")...)
}
