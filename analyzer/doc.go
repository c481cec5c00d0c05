// Package analyzer defines bpvet, a go/analysis analyzer that finds code
// ignoring backpressure: write signals dropped inside loops (BP001),
// drain listeners that stay registered after the drain they wait for
// (BP002), and sends on channels that report a buffered amount, such as
// WebRTC data channels, in loops that never look at it (BP003).
//
// # Write signals
//
// A write signal is a bool result that answers "keep writing?", as Node's
// writable.write() does. In real Go code most Write…() bool results are
// something else: a bounds check, a closed flag, a sticky error. So a
// result is a signal only when there is evidence, decided where the
// function is declared and exported as a fact, so that every driver (go
// vet, golangci-lint, nogo) judges calls in other packages the same way.
// The tiers, strongest first:
//
//   - Known: the function carries //bpvet:signal in its doc comment (the
//     runtime and bpgen's output do), -funcs names it, or it is a wrapper
//     that returns another signal (return w.Write(p), return ok &&
//     w.Write(p), ok := w.Write(p) ... return ok). These apply to any name.
//   - Not a signal: the result's name says it means something else
//     (closed, err, failed, evicted, exists, found, valid, range, bounds,
//     success: queueClosedForWrites bool).
//   - Documented: the doc comment describes the contract: backpressure,
//     a high-water mark, drain, "keep writing", a buffer or queue that "is
//     full", "no room". Such a phrase wins over the negative ones, since a
//     backpressure doc often adds that a write after close also returns
//     false. Next, a sentence that says it in other words and speaks of
//     the result (false, true, whether, returns, reports): the bool reports
//     room, space, capacity, a cap, a limit, a threshold, a mark, a
//     backlog, credits, congestion or being full, or tells the caller to
//     stop, pause, wait or back off, or whether it may send more or is
//     falling behind ("reports whether space remains", "true while it is
//     under its cap"). Such a sentence does not count when it also names
//     something negative (below), nor in a doc that speaks of a range,
//     bounds, an offset, an index, one of the function's integer
//     parameters, or an item too large: capacity and limit then speak of
//     size, not of flow. Otherwise a doc comment that speaks of a range,
//     bounds, closed, error, failure, eviction, existence, being found,
//     validity, success, a timeout, a deadline or cancellation makes the
//     result not a signal.
//   - The result's type: a named bool type (type More bool) is read as a
//     result's name and as a doc comment, and exported as a fact.
//   - Structure: the receiver type, concrete or interface, also offers a way
//     to wait for or observe drain: a method whose name has the word Drain
//     or Drained and that returns a channel (Drain, Drained), blocks
//     (WaitDrain(ctx) error), registers a listener (OnDrain(func()),
//     OnceDrain) or reports state (NeedDrain() bool); or an On/Once event
//     registration, in a package that spells the event "drain". A method
//     such as Drain() []T, which empties a queue, does not count. The
//     receiver is read at the declaration and, when the declaration says
//     nothing, again at the call site, whose static type may show more.
//   - The receiver type's doc: the contract is often stated once, on the
//     type or interface ("Its Write methods return false once it is
//     full"). Its sentences that speak of writing (write, writes, a
//     Write… name) and of a result are read as above.
//
// The inferred tiers apply to functions named Write or Write followed by a
// new word (WriteString, WriteMsg), exported or not (write, writeMsg), with
// exactly one bool result. A Write…() bool with no evidence either way is
// not a signal. The flag -signals=names brings back the name-only rule:
// every exported Write…() bool result is a signal, whatever its
// documentation says. -exclude overrides everything.
//
// Messages state the evidence and the receiver's way to wait, for example:
//
//	BP001: result of (*q.Stream).Write ignored in loop: Stream reports
//	backpressure (it has Drained); stop when it returns false and wait on Drained()
//
// Where the receiver has a WaitDrain(ctx) error method and a context is in
// scope, the message and the fix wait with it, the fastest wait the
// runtime measured: if err := w.WaitDrain(ctx); err != nil { return err }.
//
// # Buffered amounts
//
// WebRTC data channels signal backpressure the W3C way: a send never
// refuses data, the channel reports what it still holds (BufferedAmount)
// and calls a listener when that falls under a threshold
// (OnBufferedAmountLow). A type, concrete or interface, is such a sink when
// its method set has both: a method whose name says buffered and that
// returns an integer, and one whose name says low and that takes a func.
// Its sends are its methods named for sending (Send, Write, Push, Queue,
// Post, Emit, Publish, Put, alone or followed by a new word) whose first
// parameter is a []byte or string. No package is named: a fork or a
// hand-written interface with the same surface is judged the same way. The
// verdict is exported as a fact on the type, and so is the verdict that a
// function checks the amount (reads it, or waits on what a low listener
// signals), so that a loop calling such a helper in another package counts
// as checking. BP003's documentation (bpvet help BP003) lists the loops it
// reports and those it leaves alone.
//
// # Directives
//
// Findings are silenced one at a time with
//
//	//bpvet:ignore BP001 reason
//
// on the line of the finding or the line above. The reason is required.
// Generated files are skipped unless -include-generated is set; facts are
// still exported from them.
//
// Each rule is documented with its ID, title, rationale and a before/after
// example next to its check; `bpvet help BP001` prints one.
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
var Rules = []*Rule{bp001, bp002, bp003}

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
	BP003  buffered amount ignored while sending

Run "bpvet help BP001" for a rule's documentation.
Silence one finding with "//bpvet:ignore BP001 reason" on its line or the line above.`
