package evidence

import "time"

// Socket is a Node-style socket: Write's result means "keep writing", and
// OnDrain says when to resume.
type Socket interface {
	Write(chunk []byte) bool // want Write:"^signal\\(structure\\)"
	OnDrain(fn func())
	Close() error
}

func keepAlive(s Socket, ping []byte, stop <-chan struct{}) {
	for {
		select {
		case <-stop:
			return
		case <-time.After(time.Second):
		}
		s.Write(ping) // want `BP001: result of \(evidence\.Socket\)\.Write ignored in loop: Socket reports backpressure \(it has OnDrain\); stop when it returns false and resume from a OnDrain listener`
	}
}

// Sink queues records for a background uploader.
type Sink struct{}

// Write queues r. It returns false when the queue is full: the caller
// should wait before writing more.
func (s *Sink) Write(r string) bool { return true } // want Write:"^signal\\(doc\\)"

func upload(s *Sink, records []string) {
	for _, r := range records {
		s.Write(r) // want `result of \(\*evidence\.Sink\)\.Write ignored in loop: its doc comment mentions “is full”; stop when it returns false and wait for drain`
	}
}

// Stream says so in its result's name.
type Stream struct{}

func (s *Stream) WriteFrame(f []byte) (keepWriting bool) { return true } // want WriteFrame:"^signal\\(result\\)"

// Write queues p; it returns false when the buffer is above its high-water
// mark, and also after Close.
func (s *Stream) Write(p []byte) bool { return true } // want Write:"^signal\\(doc\\)"

func frames(s *Stream, fs [][]byte) {
	for _, f := range fs {
		s.WriteFrame(f) // want `its result is named keepWriting`
		s.Write(f)      // want `its doc comment mentions “high-water mark”`
	}
}

var last bool

// Exported may be read by another package.
var Exported bool

func pkgLevel(s *Sink, records []string) {
	for _, r := range records {
		last = s.Write(r) // want `result of \(\*evidence\.Sink\)\.Write ignored in loop`
		Exported = s.Write(r)
	}
}

var seen bool

func pkgLevelRead(s *Sink, records []string) bool {
	for _, r := range records {
		seen = s.Write(r)
	}
	return seen
}

// peerConn buffers messages for a connection, as a BitTorrent client does.
type peerConn struct{}

// Writes a message into the write buffer. Returns whether it's okay to keep
// writing.
func (c *peerConn) write(msg string) bool { return true } // want write:"^signal\\(doc\\)"

// writeQuiet reports whether msg could be formatted.
func (c *peerConn) writeQuiet(msg string) bool { return true }

// writer is not a write… name: it never counts.
func (c *peerConn) writer() bool { return true }

func sendAll(c *peerConn, msgs []string) {
	for _, m := range msgs {
		c.write(m) // want `result of \(\*evidence\.peerConn\)\.write ignored in loop: its doc comment mentions “keep writing”`
		c.writeQuiet(m)
		c.writer()
	}
}
