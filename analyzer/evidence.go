package analyzer

import (
	"go/types"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/tools/go/types/typeutil"
)

// This file holds the evidence model: what makes a bool result a write
// signal, read off a function's name, doc comment, result name and
// receiver type. It decides nothing about calls; signals.go does.

// Evidence kinds, which the exported fact records. The package doc gives
// their order.
const (
	viaDirective = "directive" // //bpvet:signal
	viaFuncs     = "funcs"     // named by -funcs
	viaWrapper   = "wrapper"   // returns another signal
	viaResult    = "result"    // the result's name
	viaDoc       = "doc"       // the doc comment
	viaStructure = "structure" // the receiver can wait for or observe drain
	viaName      = "name"      // -signals=names: the name alone
)

// evidence says why a bool result is, or is not, a write signal.
type evidence struct {
	signal bool
	via    string // one of the via constants
	why    string // the clause a message quotes
}

// isWriteName reports whether name is Write or Write followed by a new word
// (WriteString, WriteMsg), so that Writeable or Writer do not match.
func isWriteName(name string) bool {
	return hasWord(name, "Write")
}

// writeLike reports whether name is a Write… name, exported or not (write,
// writeMsg): the names whose bool result evidence can make a signal.
func writeLike(name string) bool {
	return hasWord(name, "Write") || hasWord(name, "write")
}

// hasWord reports whether name is word or starts with word followed by a
// new word.
func hasWord(name, word string) bool {
	rest, ok := strings.CutPrefix(name, word)
	if !ok {
		return false
	}
	if rest == "" {
		return true
	}
	r, _ := utf8.DecodeRuneInString(rest)
	return unicode.IsUpper(r) || unicode.IsDigit(r) || r == '_'
}

// words splits a Go identifier into lower-case words at case changes,
// digits and underscores: queueClosedForWrites -> queue closed for writes.
func words(name string) []string {
	var out []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	rs := []rune(name)
	for i, r := range rs {
		switch {
		case r == '_' || unicode.IsDigit(r):
			flush()
			continue
		case unicode.IsUpper(r) && len(cur) > 0:
			// A new word starts at an upper-case letter after a lower-case
			// one, or at the last capital of an acronym (HTTPServer).
			prevLower := unicode.IsLower(cur[len(cur)-1])
			nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
			if prevLower || nextLower {
				flush()
			}
		}
		cur = append(cur, r)
	}
	flush()
	return out
}

// Doc comment phrases. A positive phrase describes the keep-writing
// contract and wins over a negative one, since a backpressure doc often
// adds that a write after close or error also returns false.
var (
	docPositive = []string{
		"backpressure", "back-pressure", "back pressure",
		"high-water mark", "high water mark", "high watermark", "highwatermark", "high-watermark", "hwm",
		"drain", "keep writing", "stop writing", "continue writing",
		"is full", "are full", "was full", "were full", "be full", "becomes full", "gets full",
		"buffer full", "queue full", "full buffer", "full queue", "at capacity", "over capacity",
		"no room", "room for", "room left", "has room", "out of room",
	}
	docNegative = []string{
		"out of range", "in range", "within range", "bounds",
		"closed", "error", "fail", "evict", "exists", "not exist", "found", "valid", "success", "succeed",
		"timed out", "timeout", "deadline", "cancel",
	}
	// docNotFlow phrases say the result is about a place in memory or the
	// size of one item: a bounds or size check, where capacity and limit do
	// not speak of flow.
	docNotFlow = []string{"range", "bounds", "offset", "index", "too large", "too long", "too big", "size limit"}
)

// Result-name words: a named result, or a named bool result type, says
// what its bool means.
var (
	resultPositive = map[string]bool{"keep": true, "writable": true, "more": true}
	resultNegative = map[string]bool{
		"closed": true, "close": true, "err": true, "error": true, "errored": true,
		"fail": true, "failed": true, "failure": true, "evicted": true, "evict": true,
		"exists": true, "exist": true, "found": true, "valid": true, "invalid": true,
		"range": true, "bounds": true, "success": true, "succeeded": true,
	}
)

// The meaning of a doc sentence, word by word, for contracts said in other
// words than docPositive's: a bool that reports room, a limit, capacity,
// fullness or a mark, or that tells the caller to stop or wait. Such a
// sentence counts only when it speaks of the result and names nothing
// negative.
var (
	// meaningWords report room or its end, or tell the caller to hold off.
	meaningWords = map[string]bool{
		"room": true, "space": true, "capacity": true, "cap": true, "limit": true, "threshold": true,
		"headroom": true, "quota": true, "watermark": true, "full": true, "fills": true,
		"mark": true, "stop": true, "pause": true, "wait": true, "throttle": true,
		"backlog": true, "congested": true, "congestion": true, "saturated": true, "credit": true, "credits": true,
	}
	// meaningAfter limits some words to the sense they have after these.
	meaningAfter = map[string]map[string]bool{
		"full": set("is", "are", "was", "were", "be", "been", "becomes", "become", "gets", "get", "got", "goes", "runs", "when", "once", "until", "while", "if", "unless", "not"),
		"mark": set("the", "its", "a", "water", "high", "low", "upper"),
		"cap":  set("the", "its", "a", "under", "over", "at", "below", "above"),
	}
	// meaningNotAfter rules out the senses some words have after these.
	meaningNotAfter = map[string]map[string]bool{
		"space": set("address", "key", "name", "user", "kernel", "disk", "color", "colour", "white", "search", "state", "memory", "vector", "swap", "table", "work", "in", "a"),
	}
	// meaningTwo are two-word forms: "may send more", "back off".
	meaningTwo = map[[2]string]bool{
		{"send", "more"}: true, {"write", "more"}: true, {"accept", "more"}: true, {"take", "more"}: true,
		{"queue", "more"}: true, {"push", "more"}: true, {"add", "more"}: true,
		{"more", "data"}: true, {"more", "writes"}: true, {"more", "messages"}: true, {"more", "items"}: true,
		{"back", "off"}: true, {"slow", "down"}: true, {"hold", "off"}: true,
		{"falling", "behind"}: true, {"falls", "behind"}: true, {"fell", "behind"}: true, {"catch", "up"}: true,
	}
	// resultCues say that a sentence speaks of the bool result.
	resultCues = set("false", "true", "whether", "reports", "report", "returns", "return", "result", "ok")
)

func set(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// docEvidence reads a doc comment. It returns no evidence when the comment
// says nothing either way. A contract phrase (docPositive) wins over
// everything; then a sentence that gives the meaning in other words and
// has no negative phrase, in a doc that speaks of no bounds or size (docNotFlow);
// then a negative phrase.
//
// notFlow adds words that, like docNotFlow, say the result is about a
// place: the names of a Write…'s integer parameters (off, pos, i).
func docEvidence(doc string, notFlow ...string) (evidence, bool) {
	if doc == "" {
		return evidence{}, false
	}
	orig := strings.Join(strings.Fields(doc), " ")
	// ASCII-only lowering keeps byte offsets, so the message can quote the
	// doc as written.
	text := strings.Map(func(r rune) rune {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, orig)
	says := func(signal bool, at, n int) (evidence, bool) {
		return evidence{signal: signal, via: viaDoc, why: "its doc comment mentions " + quote(orig[at:at+n])}, true
	}
	if at, n := findPhrase(text, docPositive, true); n > 0 {
		return says(true, at, n)
	}
	if _, n := findPhrase(text, docNotFlow, false); n == 0 && !hasAnyWord(text, notFlow) {
		for _, s := range sentences(text) {
			if _, n := findPhrase(text[s[0]:s[1]], docNegative, false); n > 0 {
				continue
			}
			if at, n := meaning(orig[s[0]:s[1]], text[s[0]:s[1]]); n > 0 {
				return evidence{signal: true, via: viaDoc, why: "its doc comment says " + quote(orig[s[0]+at:s[0]+at+n])}, true
			}
		}
	}
	if at, n := findPhrase(text, docNegative, false); n > 0 {
		return says(false, at, n)
	}
	return evidence{}, false
}

// withoutName drops the declared name that starts a doc comment, so that
// a type named Room or Limit does not speak for itself.
func withoutName(doc, name string) string {
	if rest, ok := strings.CutPrefix(strings.TrimSpace(doc), name); ok && (rest == "" || !isWordRune(rune(rest[0]))) {
		return rest
	}
	return doc
}

// hasAnyWord reports whether text has one of ws as a whole word.
func hasAnyWord(text string, ws []string) bool {
	if len(ws) == 0 {
		return false
	}
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !isWordRune(r) }) {
		if slices.Contains(ws, w) {
			return true
		}
	}
	return false
}

// sentences returns the start and end offsets of each sentence of text.
func sentences(text string) [][2]int {
	var out [][2]int
	start := 0
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '.', '!', '?':
			if i+1 == len(text) || text[i+1] == ' ' {
				out = append(out, [2]int{start, i})
				start = i + 1
			}
		}
	}
	if start < len(text) {
		out = append(out, [2]int{start, len(text)})
	}
	return out
}

// meaning finds, in one sentence that speaks of the result, a word that
// gives the keep-writing meaning (meaningWords, meaningTwo), and returns
// the span to quote: from that word to the end of the sentence, at most a
// few words. orig is the sentence as written, lower the same in lower case.
// A word written with a capital inside the sentence names an identifier
// (after Stop, call Wait) and does not count; nor does one after "after".
func meaning(orig, lower string) (at, n int) {
	type word struct {
		w       string
		at, end int
		capital bool
	}
	var ws []word
	for i := 0; i < len(lower); {
		if !isWordRune(rune(lower[i])) && lower[i] != '\'' {
			i++
			continue
		}
		j := i
		for j < len(lower) && (isWordRune(rune(lower[j])) || lower[j] == '\'' || lower[j] == '-') {
			j++
		}
		ws = append(ws, word{lower[i:j], i, j, orig[i] != lower[i]})
		i = j
	}
	cue := false
	for _, w := range ws {
		cue = cue || resultCues[w.w]
	}
	if !cue {
		return 0, 0
	}
	for i, w := range ws {
		prev := ""
		if i > 0 {
			prev = ws[i-1].w
		}
		if w.capital && i > 0 || prev == "after" {
			continue
		}
		hit := meaningWords[w.w] && (meaningAfter[w.w] == nil || meaningAfter[w.w][prev]) && !meaningNotAfter[w.w][prev]
		if !hit && i+1 < len(ws) && meaningTwo[[2]string{w.w, ws[i+1].w}] {
			hit = true
		}
		if hit {
			// Quote up to three words before the hit and two after,
			// within its clause.
			breaks := func(k int) bool { return strings.ContainsAny(lower[ws[k].end:ws[k+1].at], ",;:()") }
			from, to := i, i
			for from > 0 && i-from < 3 && !breaks(from-1) {
				from--
			}
			for to+1 < len(ws) && to-i < 2 && !breaks(to) {
				to++
			}
			return ws[from].at, ws[to].end - ws[from].at
		}
	}
	return 0, 0
}

// findPhrase returns the offset and length of the first phrase that starts
// a word in text, or a zero length. With
// affirmed, a negated phrase ("is not backpressure", "never drains") does
// not count; a negative phrase counts either way ("no error so far").
func findPhrase(text string, phrases []string, affirmed bool) (at, n int) {
	for _, p := range phrases {
		for i := 0; ; {
			j := strings.Index(text[i:], p)
			if j < 0 {
				break
			}
			at = i + j
			if (at == 0 || !isWordRune(rune(text[at-1]))) && !(affirmed && negated(text[:at])) {
				return at, len(p)
			}
			i = at + 1
		}
	}
	return 0, 0
}

// negated reports whether before ends with a negation, allowing an article
// in between.
func negated(before string) bool {
	ws := strings.Fields(before)
	if n := len(ws); n > 0 && (ws[n-1] == "a" || ws[n-1] == "the" || ws[n-1] == "any") {
		ws = ws[:n-1]
	}
	if len(ws) == 0 {
		return false
	}
	switch ws[len(ws)-1] {
	case "not", "no", "never", "isn't", "without":
		return true
	}
	return false
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' }

func quote(s string) string { return "\u201c" + s + "\u201d" }

// resultEvidence reads the name of sig's single result.
func resultEvidence(sig *types.Signature) (evidence, bool) {
	name := sig.Results().At(0).Name()
	return nameWords(name, "its result is named "+name)
}

// nameWords reads a result's name, or its named type's: a negative word
// wins over a positive one.
func nameWords(name, why string) (evidence, bool) {
	if name == "" || name == "_" {
		return evidence{}, false
	}
	for _, w := range words(name) {
		if resultNegative[w] {
			return evidence{signal: false, via: viaResult, why: why}, true
		}
	}
	for _, w := range words(name) {
		if resultPositive[w] {
			return evidence{signal: true, via: viaResult, why: why}, true
		}
	}
	return evidence{}, false
}

// typeDocEvidence reads the doc comment of a Write… method's receiver type
// (concrete or interface) for what it says about method. A type's doc
// describes much else, so only its sentences that speak of writing (write,
// writes, the method's name, Write methods) and of a result count.
func typeDocEvidence(doc, method, typ string) (evidence, bool) {
	text := strings.Join(strings.Fields(withoutName(doc, typ)), " ")
	var keep []string
	for _, s := range sentences(text) {
		sentence := text[s[0]:s[1]]
		writes, cue := false, false
		for _, w := range strings.FieldsFunc(sentence, func(r rune) bool { return !isWordRune(r) }) {
			lw := strings.ToLower(w)
			writes = writes || w == method || hasWord(w, "Write") || lw == "write" || lw == "writes" || lw == "written" || lw == "writing"
			cue = cue || resultCues[lw]
		}
		if writes && cue {
			keep = append(keep, sentence)
		}
	}
	if len(keep) == 0 {
		return evidence{}, false
	}
	ev, ok := docEvidence(strings.Join(keep, ". "))
	if ok {
		ev.why = strings.Replace(ev.why, "its doc comment", typ+"'s doc comment", 1)
	}
	return ev, ok
}

// drainKind classifies a method that waits for or observes drain.
type drainKind int

const (
	notDrain    drainKind = iota
	drainState            // NeedDrain() bool: tells whether to wait
	drainListen           // OnDrain(func()): runs a listener at drain
	drainWait             // WaitDrain(ctx) error: blocks until drained
	drainChan             // Drain() <-chan struct{}: closed at drain
)

// drainMethod classifies m by its name, which must contain the word drain
// or drained, and by a signature that can only wait or observe. Drain() []T
// or Drain() <-chan T, which empty a queue, are not one; nor is a bare
// Drain() error, which in Go usually means a graceful shutdown.
func drainMethod(m *types.Func) drainKind {
	named, waits := false, false
	for _, w := range words(m.Name()) {
		switch w {
		case "drain", "drained":
			named = true
		case "wait", "await", "until":
			waits = true
		}
	}
	if !named {
		return notDrain
	}
	sig := m.Signature()
	params, results := sig.Params(), sig.Results()
	if params.Len() == 0 && results.Len() == 1 {
		switch t := results.At(0).Type().Underlying().(type) {
		case *types.Chan:
			if st, ok := t.Elem().Underlying().(*types.Struct); ok && st.NumFields() == 0 && t.Dir() != types.SendOnly {
				return drainChan
			}
		case *types.Basic:
			if t.Info()&types.IsBoolean != 0 {
				return drainState
			}
		}
	}
	funcs, ctxs := 0, 0
	for v := range params.Variables() {
		switch {
		case isContext(v.Type()):
			ctxs++
		case isFunc(v.Type()):
			funcs++
		default:
			return notDrain
		}
	}
	switch {
	case funcs == 1:
		return drainListen
	case waits && funcs == 0 && ctxs <= 1 && (results.Len() == 0 || results.Len() == 1 && isError(results.At(0).Type())):
		return drainWait
	}
	return notDrain
}

func isFunc(t types.Type) bool {
	_, ok := t.Underlying().(*types.Signature)
	return ok
}

func isError(t types.Type) bool { return types.Identical(t, types.Universe.Lookup("error").Type()) }

func isContext(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "context" && n.Obj().Name() == "Context"
}

// Event-emitter method names, as in Node's EventEmitter.
var (
	// registerMethods take an event name and a listener.
	registerMethods = map[string]bool{"On": true, "Once": true, "AddListener": true, "PrependListener": true, "PrependOnceListener": true}
	// emitterMethods are what only an event emitter has besides On.
	emitterMethods = map[string]bool{"Emit": true, "Off": true, "RemoveListener": true, "RemoveAllListeners": true, "ListenerCount": true, "Listeners": true}
)

// isRegister reports whether m registers a listener for a named event:
// On(event string-like, listener, ...).
func isRegister(m *types.Func) bool {
	if !registerMethods[m.Name()] {
		return false
	}
	p := m.Signature().Params()
	if p.Len() < 2 {
		return false
	}
	b, ok := p.At(0).Type().Underlying().(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}

// drainSurface is what a receiver type offers to wait for or observe drain.
type drainSurface struct {
	best     *types.Func // the best drain method, by drainKind
	kind     drainKind
	waitCtx  *types.Func // a WaitDrain(ctx) error method: with a context at hand, the fastest wait
	register *types.Func // an On/Once-style registration method
	once     bool        // register has a Once twin (or is one)
	emitter  bool        // it has Emit, Off, RemoveListener or a listener count
	remover  string      // the name of its Off/RemoveListener method
}

// surfaceOf reads the methods of t and *t that pkg can call.
func surfaceOf(t types.Type, pkg *types.Package, cache *typeutil.MethodSetCache) drainSurface {
	var s drainSurface
	if t == nil {
		return s
	}
	if tp, ok := types.Unalias(t).(*types.TypeParam); ok {
		t = tp.Underlying() // the constraint's methods
	}
	for _, sel := range typeutil.IntuitiveMethodSet(t, cache) {
		m, ok := sel.Obj().(*types.Func)
		if !ok || !m.Exported() && m.Pkg() != pkg {
			continue
		}
		k := drainMethod(m)
		if k > s.kind || k == s.kind && k != notDrain && strings.HasPrefix(m.Name(), "Once") {
			s.best, s.kind = m, k
		}
		if sig := m.Signature(); k == drainWait && sig.Params().Len() == 1 && sig.Results().Len() == 1 {
			s.waitCtx = m
		}
		switch name := m.Name(); {
		case isRegister(m):
			if s.register == nil || name == "On" {
				s.register = m
			}
			if name == "Once" || name == "PrependOnceListener" {
				s.once = true
			}
		case emitterMethods[name]:
			s.emitter = true
			if name == "Off" || name == "RemoveListener" {
				s.remover = name
			}
		}
	}
	return s
}

// structureEvidence says whether a receiver with surface s reports
// backpressure: it has a drain method, or it registers listeners for named
// events and the package speaks of "drain".
func (s drainSurface) evidence(recv types.Type, pkgUsesDrain bool) (evidence, bool) {
	switch {
	case s.kind != notDrain:
		return evidence{signal: true, via: viaStructure, why: typeName(recv) + " reports backpressure (it has " + s.best.Name() + ")"}, true
	case s.register != nil && pkgUsesDrain:
		return evidence{signal: true, via: viaStructure, why: typeName(recv) + " reports backpressure (it has " + s.register.Name() + " and the package uses \"drain\")"}, true
	}
	return evidence{}, false
}

// wait tells the caller how to wait for drain on a receiver with surface s,
// given the name of a context in scope ("" for none): with one, a
// WaitDrain(ctx) method, which the runtime measured as the fastest wait.
func (s drainSurface) wait(ctx string) string {
	if s.waitCtx != nil && ctx != "" {
		return "wait on " + s.waitCtx.Name() + "(" + ctx + ")"
	}
	switch s.kind {
	case drainChan:
		return "wait on " + s.best.Name() + "()"
	case drainWait:
		if s.best.Signature().Params().Len() == 1 {
			return "wait on " + s.best.Name() + "(ctx)"
		}
		return "wait on " + s.best.Name() + "()"
	case drainListen:
		return "resume from a " + s.best.Name() + " listener"
	}
	if s.register != nil && s.once {
		return "resume from a Once(\"drain\", …) listener"
	}
	if s.kind == drainState {
		return "wait for drain (" + s.best.Name() + " tells when)"
	}
	return "wait for drain"
}
