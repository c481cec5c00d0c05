package bp003

import (
	"io"
	"os"
	"rtcstub"
	"sync"
	"time"
)

const maxBuffered = 1 << 20

func flowControl(dc *rtcstub.DataChannel, f *os.File) { // want flowControl:"checksAmount"
	more := make(chan struct{}, 1)
	dc.SetBufferedAmountLowThreshold(maxBuffered / 2)
	dc.OnBufferedAmountLow(func() {
		select {
		case more <- struct{}{}:
		default:
		}
	})
	buf := make([]byte, 16<<10)
	for {
		n, err := f.Read(buf)
		if err != nil {
			return
		}
		dc.Send(buf[:n])
		if dc.BufferedAmount() > maxBuffered {
			<-more
		}
	}
}

// waitRoom checks, so a loop that calls it checks too.
func waitRoom(dc Channel, more <-chan struct{}) { // want waitRoom:"checksAmount"
	for dc.BufferedAmount() > maxBuffered {
		<-more
	}
}

// paced waits through waitRoom, one call deeper.
func paced(dc Channel, more <-chan struct{}) { waitRoom(dc, more) } // want paced:"checksAmount"

func viaHelper(dc Channel, in <-chan []byte, more <-chan struct{}) { // want viaHelper:"checksAmount"
	for m := range in {
		paced(dc, more)
		dc.Send(m)
	}
}

// sender waits on what the low listener signals, never reading the amount.
type sender struct {
	dc   *rtcstub.DataChannel
	mu   sync.Mutex
	cond *sync.Cond
	room chan struct{}
}

func (s *sender) start() {
	s.dc.OnBufferedAmountLow(func() { s.room <- struct{}{} })
}

func (s *sender) run(in <-chan []byte) { // want run:"checksAmount"
	for m := range in {
		s.dc.Send(m)
		<-s.room
	}
}

func (s *sender) startCond() {
	s.dc.OnBufferedAmountLow(func() { s.cond.Signal() })
}

func (s *sender) runCond(in <-chan []byte) { // want runCond:"checksAmount"
	for m := range in {
		s.dc.Send(m)
		s.mu.Lock()
		s.cond.Wait()
		s.mu.Unlock()
	}
}

// The low listener itself sends what is pending.
func refill(dc *rtcstub.DataChannel, pending [][]byte) {
	dc.OnBufferedAmountLow(func() {
		for _, p := range pending {
			dc.Send(p)
		}
	})
}

type refiller struct {
	dc      *rtcstub.DataChannel
	pending [][]byte
}

func (r *refiller) start() { r.dc.OnBufferedAmountLow(r.more) }

func (r *refiller) more() {
	for _, p := range r.pending {
		r.dc.Send(p)
	}
}

func ticker(dc *rtcstub.DataChannel, payload []byte) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for range t.C {
		dc.Send(payload)
	}
}

func sleeper(dc *rtcstub.DataChannel, in []string) {
	for _, s := range in {
		dc.SendText(s)
		time.Sleep(100 * time.Millisecond)
	}
}

func timer(dc *rtcstub.DataChannel, done <-chan struct{}) {
	for {
		select {
		case <-time.After(time.Second):
			dc.SendText("ping")
		case <-done:
			return
		}
	}
}

func small(dc *rtcstub.DataChannel) {
	for i := 0; i < 3; i++ {
		dc.SendText("hello")
	}
	for _, s := range []string{"a", "b"} {
		dc.SendText(s)
	}
	for range 10 {
		dc.SendText("x")
	}
	var hdr [4][]byte
	for _, h := range hdr {
		dc.Send(h)
	}
}

func once(dc *rtcstub.DataChannel, in <-chan []byte, ready <-chan bool) { // want once:"sends\\(\\(\\*rtcstub.DataChannel\\).SendText\\)"
	dc.SendText("hello")
	for {
		if <-ready {
			dc.SendText("ready")
			break
		}
	}
	for m := range in {
		dc.Send(m)
		return
	}
}

// fanOut sends one message to each channel.
func fanOut(dcs []*rtcstub.DataChannel, peers map[string]*Peer, msg []byte) {
	for _, dc := range dcs {
		dc.Send(msg)
	}
	for i := range dcs {
		dcs[i].Send(msg)
	}
	for id := range peers {
		peers[id].Send(msg)
	}
}

// A detached channel typed as a plain io.ReadWriteCloser carries no evidence.
func detached(rw io.ReadWriteCloser, r io.Reader) {
	buf := make([]byte, 1024)
	for {
		n, _ := r.Read(buf)
		rw.Write(buf[:n])
	}
}

func notSink(b *rtcstub.Buffered, parts [][]byte) {
	for _, p := range parts {
		b.Write(p)
	}
}

func reads(s *rtcstub.Stream) {
	buf := make([]byte, 1024)
	for {
		if _, err := s.Read(buf); err != nil {
			return
		}
	}
}

// checked is an adapter that waits for room first.
type checked struct {
	dc   *rtcstub.DataChannel
	room chan struct{}
}

func (c *checked) Write(p []byte) (int, error) { // want Write:"checksAmount"
	for c.dc.BufferedAmount() > maxBuffered {
		<-c.room
	}
	return len(p), c.dc.Send(p)
}

func ignored(dc *rtcstub.DataChannel, in <-chan []byte) {
	for m := range in {
		//bpvet:ignore BP003 the producer is rate-limited upstream
		dc.Send(m)
	}
}

func constLocal(dc *rtcstub.DataChannel) {
	n := 10
	for range n {
		dc.SendText("x")
	}
	var count = 100
	for i := 0; i < count; i++ {
		dc.SendText("x")
	}
}

// A timer in a select that the send is not in paces the loop: one track
// at a time, at the speed it plays.
func playlist(dc *rtcstub.DataChannel, tracks [][]byte, skip <-chan int, ctx <-chan struct{}) {
	for {
		dc.SendText("now playing")
		for range tracks {
			select {
			case <-skip:
			case <-time.After(time.Second):
			case <-ctx:
				return
			}
		}
	}
}

// At the bound, counted the same three ways: 1024 sends are a burst of
// known size.
func atTheBound(dc *rtcstub.DataChannel) {
	for i := 0; i < 1024; i++ {
		dc.SendText("x")
	}
	for i := 0; i <= 1023; i++ {
		dc.SendText("x")
	}
	for i := 0; i < 2047; i += 2 {
		dc.SendText("x")
	}
}

