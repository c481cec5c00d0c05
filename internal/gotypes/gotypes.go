// Package gotypes holds go/types predicates that the analyzer and the
// generator share.
package gotypes

import "go/types"

// IsBytes reports whether t's underlying type is a string or a slice of
// bytes: a payload whose len counts bytes.
func IsBytes(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Info()&types.IsString != 0
	case *types.Slice:
		b, ok := u.Elem().Underlying().(*types.Basic)
		return ok && b.Kind() == types.Byte
	}
	return false
}
