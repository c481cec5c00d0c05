package main_test

import (
	"strings"
	"testing"
)

// Evidence decided in one package (a fact) judges calls in another, the
// same way under every driver; -signals=names brings back the name rule.
func TestSignalsAcrossPackages(t *testing.T) {
	t.Parallel()
	dir := copyFixture(t, "signals")
	pipe := `app/app.go:20:4: BP002: (port.Writable).On keeps the drain listener registered after the first drain, and adds another at every "data" event: Writable has no Once`
	flood := `app/app.go:27:3: BP001: result of (port.Writable).Write ignored in loop: Writable reports backpressure (it has On and the package uses "drain")`
	byName := []string{
		"app/app.go:10:3: BP001: result of (mem.Memory).WriteByte ignored in loop: its name starts with Write (-signals=names)",
		"app/app.go:11:3: BP001: result of (*mem.Queue).WriteItem ignored in loop: its name starts with Write (-signals=names)",
	}
	for _, tc := range []struct {
		name string
		args []string
		code int
	}{
		{"standalone", []string{bpvet}, 3},
		{"go vet", []string{"go", "vet", "-vettool=" + bpvet}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append(tc.args[1:], "./...")
			r := run(t, dir, tc.args[0], args...)
			r.want(t, tc.code, pipe, flood)
			if strings.Contains(r.stderr, "mem.") {
				t.Errorf("reported a result that is not backpressure:\n%s", r.stderr)
			}
			args = append(tc.args[1:], "-signals=names", "./...")
			run(t, dir, tc.args[0], args...).want(t, tc.code, append(byName, pipe)...)
		})
	}
}
