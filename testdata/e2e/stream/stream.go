package stream

type Writer struct{}

func (w *Writer) Write(p []byte) bool                 { return true }
func (w *Writer) Drain() <-chan struct{}              { return nil }
func (w *Writer) On(event string, fn func()) uint64   { return 0 }
func (w *Writer) Once(event string, fn func()) uint64 { return 0 }

// Send is a typed write.
//
//bpvet:signal
func (w *Writer) Send(v int) bool { return true }
