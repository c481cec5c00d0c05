package bp003

import (
	"bufio"
	"context"
	"io"
	"os"
	"rtcstub"
	"time"
)

func sendFile(dc *rtcstub.DataChannel, f *os.File) error {
	buf := make([]byte, 16<<10)
	for {
		n, err := f.Read(buf)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := dc.Send(buf[:n]); err != nil { // want `BP003: \(\*rtcstub.DataChannel\).Send in an endless for loop ignores the buffered amount: DataChannel queues every send and reports the total in BufferedAmount; set a low threshold \(SetBufferedAmountLowThreshold\), register OnBufferedAmountLow once to signal a channel, and wait on it while BufferedAmount\(\) is above your maximum; or send through a runtime.NewChannelWriter`
			return err
		}
	}
}

func pipeStdin(dc *rtcstub.DataChannel) {
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		dc.SendText(sc.Text()) // want `SendText in a loop while sc.Scan\(\) ignores the buffered amount`
	}
}

func pump(dc *rtcstub.DataChannel, in <-chan []byte) {
	for msg := range in {
		dc.Send(msg) // want `Send in a loop that receives from in ignores`
	}
}

func selectPump(ctx context.Context, dc Channel, in <-chan []byte, tick <-chan struct{}) {
	for {
		select {
		case m := <-in:
			dc.Send(m) // want `\(bp003.Channel\).Send in an endless for loop`
		case <-tick:
		case <-ctx.Done():
			return
		}
	}
}

func chunks(dc *rtcstub.DataChannel, data []byte) {
	for i := 0; i < len(data); i += 1024 {
		dc.Send(data[i:min(i+1024, len(data))]) // want `Send in a loop while i < len\(data\)`
	}
}

func rangeChunks(s *rtcstub.Stream, parts [][]byte) {
	for _, p := range parts {
		s.Write(p) // want `\(\*rtcstub.Stream\).Write in a loop over parts`
	}
}

func flood(p *Peer) {
	for i := 0; i < 100000; i++ {
		p.Send([]byte("x")) // want `Send in a loop of 100000 iterations`
	}
}

func copyTo(s *rtcstub.Stream, r io.Reader) {
	buf := make([]byte, 1500)
	for {
		n, err := r.Read(buf)
		if err != nil {
			return
		}
		s.WriteSCTP(buf[:n], 53) // want `WriteSCTP in an endless for loop`
	}
}

// broadcast sends every message to every peer: each channel gets them all.
func broadcast(in <-chan []byte, peers []*Peer) {
	for msg := range in {
		for _, p := range peers {
			p.Send(msg) // want `Send in a loop that receives from in`
		}
	}
}

// conn makes a channel an io.Writer: io.Copy then loops over it.
type conn struct{ dc *rtcstub.DataChannel }

func (c *conn) Write(p []byte) (int, error) {
	if err := c.dc.Send(p); err != nil { // want `\(\*bp003.conn\).Write forwards to \(\*rtcstub.DataChannel\).Send with no check of the buffered amount, and io.Copy and every io.Writer API call it in a loop: DataChannel queues`
		return 0, err
	}
	return len(p), nil
}

func (c *conn) Read(p []byte) (int, error) { return 0, io.EOF }

func tunnel(c *conn, src io.Reader) { io.Copy(c, src) }

// sendChunk is a sender: a loop that calls it sends.
func sendChunk(dc *rtcstub.DataChannel, p []byte) error { return dc.Send(p) } // want sendChunk:"sends\\(\\(\\*rtcstub.DataChannel\\).Send\\)"

type client struct{ dc *rtcstub.DataChannel }

func (c *client) emit(p []byte) { c.dc.Send(p) } // want emit:"sends\\(\\(\\*rtcstub.DataChannel\\).Send\\)"

// relay calls a sender, so it is one too.
func (c *client) relay(p []byte) { c.emit(p) } // want relay:"sends\\(\\(\\*rtcstub.DataChannel\\).Send\\)"

func viaWrappers(c *client, dc *rtcstub.DataChannel, in <-chan []byte, peers []*client) {
	for m := range in {
		c.relay(m) // want `\(\*bp003.client\).relay \(which calls \(\*rtcstub.DataChannel\).Send\) in a loop that receives from in ignores the buffered amount: DataChannel queues`
	}
	for m := range in {
		sendChunk(dc, m) // want `bp003.sendChunk \(which calls \(\*rtcstub.DataChannel\).Send\) in a loop that receives from in`
	}
	for _, p := range peers {
		p.emit([]byte("hello")) // one message to each peer
	}
}

// announce sends on a channel it opens: calling it opens a new one.
func announce(open func() *rtcstub.DataChannel) {
	dc := open()
	dc.SendText("hello")
}

func announceAll(open func() *rtcstub.DataChannel, in <-chan []byte) {
	for range in {
		announce(open)
	}
}

// A variable that the loop changes is no constant bound.
func varBound(dc *rtcstub.DataChannel, more bool) {
	n := 10
	if more {
		n = 1 << 20
	}
	for range n {
		dc.SendText("x") // want `SendText in a loop over n`
	}
	for range 5000 {
		dc.SendText("x") // want `SendText in a loop of 5000 iterations`
	}
}

// The ticker is one case among data: the pump is not paced by it.
func tickPump(dc *rtcstub.DataChannel, in <-chan []byte, t *time.Ticker) {
	for {
		select {
		case m := <-in:
			dc.Send(m) // want `Send in an endless for loop`
		case <-t.C:
			dc.SendText("ping")
		}
	}
}

// One past the bound, counted three ways: < 1025, <= 1024, and a step of 2
// that must round up (0, 2, ..., 2048).
func pastTheBound(p *Peer) {
	for i := 0; i < 1025; i++ {
		p.Send([]byte("x")) // want `Send in a loop of 1025 iterations`
	}
	for i := 0; i <= 1024; i++ {
		p.Send([]byte("x")) // want `Send in a loop of 1025 iterations`
	}
	for i := 0; i < 2049; i += 2 {
		p.Send([]byte("x")) // want `Send in a loop of 1025 iterations`
	}
}

