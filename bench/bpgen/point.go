// Package bpgenbench measures the cost of a generated writer against the
// runtime writer it wraps; run.sh also times generation.
package bpgenbench

//go:generate go tool bpgen -type=Point

// Point is a small value type; its writer counts values.
type Point struct{ X, Y int }
