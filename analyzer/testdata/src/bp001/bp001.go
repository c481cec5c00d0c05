package bp001

import (
	"context"
	"os"

	"github.com/bpvet/bpvet/runtime"
)

func statement(w *runtime.ByteWriter, lines []string) {
	for _, l := range lines {
		w.WriteString(l) // want `result of \(\*runtime\.ByteWriter\)\.WriteString ignored in loop: ByteWriter reports backpressure \(it has Drain\); stop when it returns false and wait on Drain\(\)`
	}
}

func blank(w *runtime.ByteWriter, p []byte) {
	for i := 0; i < 3; i++ {
		_ = w.Write(p)       // want `\(\*runtime\.ByteWriter\)\.Write ignored in loop`
		_, _ = w.Write(p), 1 // want `\(\*runtime\.ByteWriter\)\.Write ignored in loop`
		(w.Write(p))         // want `ignored in loop`
	}
}

func goStmt(w *runtime.ByteWriter, p []byte) {
	for range 3 {
		go w.Write(p) // want `ignored in loop`
	}
}

func labelled(w *runtime.ByteWriter, rows [][]byte) {
outer:
	for _, r := range rows {
		for {
			w.Write(r) // want `ignored in loop`
			continue outer
		}
	}
}

func post(w *runtime.ByteWriter, p []byte) {
	for i := 0; i < 3; w.Write(p) { // want `ignored in loop`
		i++
	}
	for w.Write(p) { // consumed: condition
	}
	for ok := w.Write(p); ok; ok = w.Write(p) { // consumed: condition reads ok
	}
	for w.Write(p); ; { // init runs once
		break
	}
}

func neverRead(w *runtime.ByteWriter, p []byte) {
	ok := w.Write(p)
	if !ok {
		return
	}
	for range 3 {
		ok = w.Write(p) // want `ignored in loop`
	}
	var ok2 bool
	for range 3 {
		ok2 = w.Write(p) // want `ignored in loop`
	}
	_ = ok2 // not a read
	for range 3 {
		v := w.Write(p) // want `ignored in loop`
		_ = v
	}
}

func read(w *runtime.ByteWriter, p []byte) bool {
	var ok bool
	for range 3 {
		ok = w.Write(p) // read after the loop
	}
	if !ok {
		return false
	}
	last := true
	for range 3 {
		if !last { // read on the next iteration
			break
		}
		last = w.Write(p)
	}
	var seen bool
	defer func() { println(seen) }() // read by a literal
	for range 3 {
		seen = w.Write(p)
	}
	return true
}

func namedResult(w *runtime.ByteWriter, p []byte) (ok bool) {
	for range 3 {
		ok = w.Write(p) // read by the bare return
	}
	return
}

func consumed(w *runtime.ByteWriter, p []byte) bool { // want consumed:"^signal\\(wrapper\\)"
	ok := true
	var all []bool
	type st struct{ ok bool }
	var s st
	for range 3 {
		ok = ok && w.Write(p)
		all = append(all, w.Write(p))
		s.ok = w.Write(p)
		_ = []bool{w.Write(p)}
		if !w.Write(p) {
			<-w.Drain()
		}
		if w.Write(p) {
			return true
		}
		println(!w.Write(p))
	}
	_, _ = all, s
	return ok
}

func notInLoop(w *runtime.ByteWriter, p []byte) {
	w.Write(p)
	for range []bool{w.Write(p)} {
	}
}

func closures(w *runtime.ByteWriter, p []byte) {
	for range 3 {
		w.On(runtime.EventDrain, func() { w.Write(p) }) // want `keeps the drain listener registered`
		f := func() { w.Write(p) }                      // known miss: f() runs it at every iteration, but
		f()                                             // a literal bound to a variable ends the loop context
		func() {
			w.Write(p) // want `ignored in loop`
		}()
		go func() {
			w.Write(p) // want `ignored in loop`
		}()
		defer func() {
			w.Write(p) // runs after the loop
		}()
	}
	_ = func() {
		for range 3 {
			w.Write(p) // want `ignored in loop`
		}
	}
}

func objects(w *runtime.Writer[int]) {
	for i := range 10 {
		w.Write(i) // want `result of \(\*runtime\.Writer\[T\]\)\.Write ignored in loop`
	}
}

type sender interface {
	Write(p []byte) bool // want Write:"^signal\\(structure\\)"
	Drained() <-chan struct{}
}

func viaInterface(s sender, p []byte) {
	for range 3 {
		s.Write(p) // want `result of \(bp001\.sender\)\.Write ignored in loop: sender reports backpressure \(it has Drained\); stop when it returns false and wait on Drained\(\)`
	}
}

// Without evidence a Write…() bool is not a signal: see the names package
// for the same shapes under -signals=names.
type plainSender interface {
	Write(p []byte) bool
}

func noEvidence(s plainSender, p []byte) {
	for range 3 {
		s.Write(p)
	}
}

func typeParam[W interface {
	Write([]byte) bool
	WaitDrain(context.Context) error
}](w W, p []byte) {
	for range 3 {
		w.Write(p) // want `result of \(W\)\.Write ignored in loop: W reports backpressure \(it has WaitDrain\); stop when it returns false and wait on WaitDrain\(ctx\)`
	}
}

func typeParamPtr[T any, W interface {
	*T
	WriteMsg(string) bool
	NeedDrain() bool
}](w W) {
	for range 3 {
		w.WriteMsg("x") // want `\(W\)\.WriteMsg ignored in loop: .*; stop when it returns false and wait for drain \(NeedDrain tells when\)`
	}
}

type conn struct {
	*runtime.ByteWriter
	WriteFrame func([]byte) bool
}

func promoted(c conn, p []byte) {
	for range 3 {
		c.Write(p)      // want `result of \(\*runtime\.ByteWriter\)\.Write ignored in loop`
		c.WriteFrame(p) // a func field has no declaration to carry evidence
	}
}

type latch struct{}

func (latch) Writeable() bool                { return true }
func (latch) Writer() bool                   { return true }
func (latch) WriteAll(p []byte) (int, error) { return 0, nil }
func (latch) write(p []byte) bool            { return true }

func notSignals(l latch, f *os.File, p []byte) {
	for range 3 {
		l.Writeable()
		l.Writer()
		l.WriteAll(p)
		l.write(p)
		f.Write(p)
	}
}

type myBool bool

type flag struct{}

func (flag) WriteFlag() myBool { return true }

func namedBool(f flag) {
	for range 3 {
		f.WriteFlag() // no evidence
	}
}

var pkgLevel = (*runtime.ByteWriter)(nil).Write(nil)

var pkgLit = func(w *runtime.ByteWriter, p []byte) {
	var ok bool
	for range 3 {
		ok = w.Write(p) // want `ignored in loop`
	}
	_ = ok
	for range 3 {
		w.Write(p) // want `ignored in loop`
	}
	w.On(runtime.EventDrain, nil) // want `keeps the drain listener registered`
}

func waitsAnyway(w *runtime.ByteWriter, v *runtime.ByteWriter, p []byte) {
	for range 3 {
		w.Write(p) // handled: the loop waits for drain after every write
		if err := w.WaitDrain(nil); err != nil {
			return
		}
	}
	for range 3 {
		w.Write(p)
		<-w.Drain()
	}
	for range 3 {
		w.Write(p)  // want `ignored in loop`
		<-v.Drain() // another writer
	}
}
