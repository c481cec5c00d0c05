package webrtc

import (
	"bytes"
	"context"
	"fmt"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"sync"
)

// Payload returns n bytes of a pseudo-random stream determined by seed, so
// that a [Receiver] can check every byte and its place.
func Payload(seed uint64, n int64) io.Reader {
	return io.LimitReader(rand.NewChaCha8(seedOf(seed)), n)
}

func seedOf(seed uint64) (s [32]byte) {
	for i := range 8 {
		s[i] = byte(seed >> (8 * i))
	}
	return s
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// A Receiver checks the messages that arrive against the expected stream:
// length, order (each byte against the byte expected at its offset) and a
// CRC-32C of everything received.
type Receiver struct {
	mu       sync.Mutex
	want     *rand.ChaCha8 // the expected stream, from the current offset
	scratch  []byte
	n        int64
	messages int
	crc      uint32
	err      error         // the first mismatch
	changed  chan struct{} // closed and replaced at each message
}

func newReceiver(seed uint64) *Receiver {
	return &Receiver{want: rand.NewChaCha8(seedOf(seed)), changed: make(chan struct{})}
}

// receive runs on the receiving channel's read loop, one message at a time.
func (r *Receiver) receive(p []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err == nil {
		if cap(r.scratch) < len(p) {
			r.scratch = make([]byte, len(p))
		}
		want := r.scratch[:len(p)]
		r.want.Read(want)
		if i := mismatch(p, want); i >= 0 {
			r.err = fmt.Errorf("byte %d of the stream differs from the payload", r.n+int64(i))
		}
	}
	r.n += int64(len(p))
	r.messages++
	r.crc = crc32.Update(r.crc, castagnoli, p)
	close(r.changed)
	r.changed = make(chan struct{})
}

func mismatch(p, want []byte) int {
	if bytes.Equal(p, want) {
		return -1
	}
	for i := range p {
		if p[i] != want[i] {
			return i
		}
	}
	return -1
}

// A Received is what a Receiver has taken in.
type Received struct {
	Bytes    int64
	Messages int
	CRC32C   uint32 // Castagnoli, of the bytes in arrival order
}

// Wait waits until n bytes have arrived and returns what was received. It
// returns an error if a byte differed from the payload, if more than n
// bytes arrived, or if ctx is done first.
func (r *Receiver) Wait(ctx context.Context, n int64) (Received, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for r.err == nil && r.n < n {
		ch := r.changed
		r.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			r.mu.Lock()
			return r.received(), fmt.Errorf("received %d of %d bytes: %w", r.n, n, context.Cause(ctx))
		}
		r.mu.Lock()
	}
	if r.err == nil && r.n > n {
		r.err = fmt.Errorf("received %d bytes, want %d", r.n, n)
	}
	return r.received(), r.err
}

func (r *Receiver) received() Received {
	return Received{Bytes: r.n, Messages: r.messages, CRC32C: r.crc}
}

// Checksum returns the CRC-32C of src, as [Received] reports it.
func Checksum(src io.Reader) (uint32, int64, error) {
	h := crc32.New(castagnoli)
	n, err := io.Copy(h, src)
	return h.Sum32(), n, err
}
