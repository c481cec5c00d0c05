// Package analyzer defines bpvet, a go/analysis analyzer that finds code
// ignoring backpressure: write signals dropped inside loops (BP001) and
// drain listeners that stay registered after the drain they wait for (BP002).
//
// A write signal is the bool result of a call that answers "keep writing?",
// as Node's writable.write() does. A call produces one when its callee is
// named Write… and returns exactly one bool, carries //bpvet:signal in its
// doc comment, is a wrapper returning such a result (inferred across
// packages through facts), or is named by -funcs.
//
// Findings are silenced one at a time with
//
//	//bpvet:ignore BP001 reason
//
// on the line of the finding or the line above. The reason is required.
// Generated files are skipped unless -generated is set; facts are still
// exported from them.
//
// Each rule below is documented with its ID, title, rationale and a
// before/after example; `bpvet help BP001` prints one.
package analyzer

import (
	"fmt"
	"strings"
)

// Rule documents one check, in the style of staticcheck's lint.Documentation.
type Rule struct {
	ID     string
	Title  string
	Text   string
	Before string
	After  string
}

// Rules lists every rule of the analyzer.
var Rules = []*Rule{
	{
		ID:    "BP001",
		Title: "Write signal ignored in a loop",
		Text: `A write that returns a bool (runtime.ByteWriter.Write, Writer[T].Write,
generated Send methods marked //bpvet:signal, and wrappers of these) says
whether the buffer is still below its high-water mark. A loop that drops
the result keeps writing after false, so the buffer grows without bound:
the memory blow-up backpressure exists to prevent.

The result counts as ignored when the call is an expression statement,
a go statement, assigned to _, or stored in a local variable that is
never read afterwards (_ = ok is not a read). It is consumed when it
reaches a condition, a return, a call argument, a composite literal, a
field, or a short-circuit such as ok = ok && w.Write(p).

The call must run once per iteration of a for or range loop: in the body
or the post statement. A func literal ends the loop context, except one
invoked on the spot or started with go inside the loop. A loop that
consults the same writer's Drain, WaitDrain or NeedDrain handles
backpressure by other means and is not reported.

Where the receiver has Drain() <-chan struct{}, the suggested fix waits on
it when the write returns false.`,
		Before: `for _, line := range lines {
	w.WriteString(line)
}`,
		After: `for _, line := range lines {
	if !w.WriteString(line) {
		<-w.Drain()
	}
}`,
	},
	{
		ID:    "BP002",
		Title: "Drain listener registered persistently",
		Text: `A drain listener resumes a paused producer once. Registered with On,
AddListener or PrependListener (or a typed OnDrain), it stays registered
and runs again at every later drain, resuming the producer twice or
leaking the closure. Register it with Once (PrependOnceListener,
OnceDrain) instead.

The rule applies when the event is a constant equal to "drain" and the
receiver has the matching once-method with an identical signature, so the
suggested fix (renaming the method) always compiles. It stays silent when
the same handler is removed elsewhere in the function, with
Off/RemoveListener("drain", h) or through the ListenerID that On returned,
because that is a relay with explicit cleanup. A handler that removes
itself is a hand-rolled Once and is reported.`,
		Before: `if !w.Write(p) {
	w.On(runtime.EventDrain, next)
}`,
		After: `if !w.Write(p) {
	w.Once(runtime.EventDrain, next)
}`,
	},
}

func ruleByID(id string) *Rule {
	for _, r := range Rules {
		if r.ID == id {
			return r
		}
	}
	return nil
}

func ruleIDs() []string {
	ids := make([]string, len(Rules))
	for i, r := range Rules {
		ids[i] = r.ID
	}
	return ids
}

// Explain returns the documentation of the rule id (case-insensitive).
func Explain(id string) (string, error) {
	r := ruleByID(strings.ToUpper(strings.TrimSpace(id)))
	if r == nil {
		return "", fmt.Errorf("unknown rule %q (known: %s)", id, strings.Join(ruleIDs(), ", "))
	}
	return r.String(), nil
}

// String formats the rule for a terminal.
func (r *Rule) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n\n%s\n\nBefore:\n\n%s\n\nAfter:\n\n%s\n",
		r.ID, r.Title, r.Text, indent(r.Before), indent(r.After))
	return b.String()
}

func indent(s string) string {
	return "\t" + strings.ReplaceAll(s, "\n", "\n\t")
}

const analyzerDoc = `report ignored backpressure signals

bpvet finds code that ignores backpressure:

	BP001  write signal ignored in a loop
	BP002  drain listener registered persistently

Run "bpvet help BP001" for a rule's documentation.
Silence one finding with "//bpvet:ignore BP001 reason" on its line or the line above.`
