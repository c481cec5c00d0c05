package generated

import "github.com/bpvet/bpvet/runtime"

func g(w *runtime.ByteWriter, p []byte) {
	for range 3 {
		w.Write(p) // want `ignored in loop`
	}
}
