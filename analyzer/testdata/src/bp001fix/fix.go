package bp001fix

import "github.com/bpvet/bpvet/runtime"

type server struct{ out *runtime.ByteWriter }

func copyLines(w *runtime.ByteWriter, s *server, lines []string) {
	for _, l := range lines {
		w.WriteString(l) // want `ignored in loop`
		if l == "" {
			s.out.WriteString(l) // want `ignored in loop`
		}
	}
}

func objects(w *runtime.Writer[int]) {
	for i := range 3 {
		w.Write(i) // want `ignored in loop`
	}
}

type plain interface {
	Write([]byte) bool // want Write:"^signal\\(structure\\)"
	OnDrain(func())
}

func noDrain(w plain, p []byte) {
	for range 3 {
		w.Write(p) // want `plain reports backpressure \(it has OnDrain\); stop when it returns false and resume from a OnDrain listener`
	}
}

type drained struct{}

func (*drained) Write(p []byte) bool      { return true } // want Write:"^signal\\(structure\\)"
func (*drained) Drained() <-chan struct{} { return nil }

func otherChannel(d *drained, p []byte) {
	for range 3 {
		d.Write(p) // want `wait on Drained\(\)`
	}
}

func get(s *server) *runtime.ByteWriter { return s.out }

func unsafeFixes(w *runtime.ByteWriter, s *server, p []byte) {
	for range 3 {
		get(s).Write(p) // want `ignored in loop`
		_ = w.Write(p)  // want `ignored in loop`
		go w.Write(p)   // want `ignored in loop`
		func() {
			w.Write(p) // want `ignored in loop`
		}()
	}
	w.On(runtime.EventFinish, func() {
		for range 3 {
			w.Write(p) // want `ignored in loop`
		}
	})
}

func postStatement(w *runtime.ByteWriter, p []byte) {
	for i := 0; i < 3; w.Write(p) { // want `ignored in loop`
		i++
	}
	for range 3 {
		switch {
		case len(p) > 0:
			w.Write(p) // want `ignored in loop`
		}
	}
}
