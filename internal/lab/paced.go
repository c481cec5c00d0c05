package lab

import (
	"io"
	"os"
	"time"
)

// A Paced writer delivers to W at Rate bytes per second, like a slow disk,
// socket or API: each Write returns when the link would have carried it.
// While the producer is late the link may run ahead by Burst, as a kernel
// send buffer lets it, but no further. Close closes W if it is an io.Closer.
type Paced struct {
	W     io.Writer
	Rate  int64         // bytes per second; must be > 0
	Burst time.Duration // how far idle time may be made up
	next  time.Time     // when the link has carried everything so far
}

func (p *Paced) Write(b []byte) (int, error) {
	if earliest := time.Now().Add(-p.Burst); p.next.Before(earliest) {
		p.next = earliest
	}
	p.next = p.next.Add(time.Duration(float64(len(b)) / float64(p.Rate) * float64(time.Second)))
	time.Sleep(time.Until(p.next))
	return p.W.Write(b)
}

// Close closes W if it is an io.Closer.
func (p *Paced) Close() error {
	if c, ok := p.W.(io.Closer); ok {
		return c.Close()
	}
	return nil
}

// CreatePaced creates the file path and, when rate > 0, returns it behind a
// Paced writer with a 20 ms burst, to stand in for a slow consumer.
func CreatePaced(path string, rate int64) (io.WriteCloser, error) {
	f, err := os.Create(path)
	if err != nil || rate <= 0 {
		return f, err
	}
	return &Paced{W: f, Rate: rate, Burst: 20 * time.Millisecond}, nil
}
