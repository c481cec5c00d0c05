package drainloop

import "example.com/e2e/stream"

func WriteChunks(w *stream.Writer, total int) {
	i := 0
	var next func()
	next = func() {
		ok := true
		for i < total && ok {
			ok = w.Write([]byte("line\n"))
			i++
		}
		if i < total {
			w.Once("drain", next)
		}
	}
	next()
}
