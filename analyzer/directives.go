package analyzer

import (
	"bytes"
	"go/ast"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// This file handles //bpvet:ignore directives and generated files, and
// reports the surviving diagnostics.

const ignoreDirective = "//bpvet:ignore"

// cutDirective returns what follows the directive prefix in a comment's
// text, which must be the whole word: //bpvet:ignored is not //bpvet:ignore.
func cutDirective(text, prefix string) (rest string, ok bool) {
	rest, ok = strings.CutPrefix(text, prefix)
	if !ok || rest != "" && rest[0] != ' ' && rest[0] != '\t' {
		return "", false
	}
	return rest, true
}

type ignore struct {
	line     int
	ownLine  bool // the comment is alone on its line, so it covers the next one
	rules    map[string]bool
	filename string
}

// scanDirectives collects the ignore directives of every file and reports
// malformed ones: a directive without a reason, or naming an unknown rule,
// silences nothing.
func (c *checker) scanDirectives() {
	for _, f := range c.pass.Files {
		for _, cg := range f.Comments {
			for _, com := range cg.List {
				if rest, ok := cutDirective(com.Text, ignoreDirective); ok {
					c.parseIgnore(com, rest)
				}
			}
		}
	}
}

func (c *checker) parseIgnore(com *ast.Comment, rest string) {
	bad := func(msg string) {
		c.diags = append(c.diags, analysis.Diagnostic{
			Pos: com.Pos(), End: com.End(), Category: "directive",
			Message: msg + ": want //bpvet:ignore BP001[,BP002] reason",
		})
	}
	fields := strings.Fields(rest)
	if len(fields) == 0 {
		bad("bpvet:ignore directive names no rule")
		return
	}
	rules := make(map[string]bool)
	for r := range strings.SplitSeq(fields[0], ",") {
		id, err := parseRule(r)
		if err != nil {
			bad("bpvet:ignore directive: " + err.Error())
			return
		}
		rules[id] = true
	}
	if len(fields) == 1 {
		bad("bpvet:ignore directive needs a reason")
		return
	}
	pos := c.pass.Fset.Position(com.Pos())
	c.ignores = append(c.ignores, ignore{
		line:     pos.Line,
		ownLine:  c.aloneOnLine(pos),
		rules:    rules,
		filename: pos.Filename,
	})
}

// aloneOnLine reports whether only blanks precede pos on its line. If the
// source cannot be read, it assumes so.
func (c *checker) aloneOnLine(pos token.Position) bool {
	src, err := c.pass.ReadFile(pos.Filename)
	if err != nil || pos.Offset > len(src) {
		return true
	}
	start := bytes.LastIndexByte(src[:pos.Offset], '\n') + 1
	return len(bytes.TrimSpace(src[start:pos.Offset])) == 0
}

func (c *checker) ignored(d analysis.Diagnostic) bool {
	pos := c.pass.Fset.Position(d.Pos)
	for _, ig := range c.ignores {
		if ig.filename == pos.Filename && ig.rules[d.Category] &&
			(ig.line == pos.Line || ig.ownLine && ig.line+1 == pos.Line) {
			return true
		}
	}
	return false
}

// flush reports the diagnostics that are neither ignored nor, unless
// enabled, in generated files.
func (c *checker) flush() {
	if len(c.diags) == 0 {
		return
	}
	generated := make(map[*token.File]bool)
	if !c.set.includeGenerated {
		for _, f := range c.pass.Files {
			if ast.IsGenerated(f) {
				generated[c.pass.Fset.File(f.FileStart)] = true
			}
		}
	}
	for _, d := range c.diags {
		if generated[c.pass.Fset.File(d.Pos)] || c.ignored(d) {
			continue
		}
		// Drivers such as go vet and golangci-lint print only the message,
		// and users need the ID to write an ignore directive.
		if ruleByID(d.Category) != nil {
			d.Message = d.Category + ": " + d.Message
		}
		c.pass.Report(d)
	}
}
