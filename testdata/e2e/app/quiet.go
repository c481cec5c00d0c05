package app

import "example.com/e2e/stream"

func Quiet(w *stream.Writer, chunks [][]byte) {
	for _, c := range chunks {
		//bpvet:ignore BP001 the caller bounds the input
		w.Write(c)
	}
}
