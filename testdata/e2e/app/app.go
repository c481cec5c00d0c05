package app

import "example.com/e2e/stream"

func Copy(w *stream.Writer, chunks [][]byte, next func()) {
	for _, c := range chunks {
		w.Write(c)
	}
	w.On("drain", next)
	for i := range 3 {
		w.Send(i)
	}
}
