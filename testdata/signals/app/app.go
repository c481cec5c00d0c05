package app

import (
	"example.com/signals/mem"
	"example.com/signals/port"
)

func Fill(m mem.Memory, q *mem.Queue, data []byte) {
	for i, b := range data {
		m.WriteByte(uint32(i), b)
		q.WriteItem(int(b))
	}
}

func Pipe(src port.Readable, dest port.Writable) {
	resume := func(...any) { src.Resume() }
	src.On("data", func(args ...any) {
		if !dest.Write(args[0].([]byte)) {
			src.Pause()
			dest.On(port.EventDrain, resume)
		}
	})
}

func Flood(dest port.Writable, chunks [][]byte) {
	for _, c := range chunks {
		dest.Write(c)
	}
}
