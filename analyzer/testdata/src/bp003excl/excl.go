// Package bp003excl runs with -exclude=(*bp003lib.Pipe).Push,bp003excl.relay:
// Push's sends are not reported, directly or through a wrapper, nor are
// calls to the sender wrapper relay, while other sinks' sends are.
package bp003excl

import (
	"bp003lib"
	"rtcstub"
)

func send(p *bp003lib.Pipe, in <-chan []byte) {
	for m := range in {
		p.Push(m)
	}
}

// push would be a sender wrapper but for the exclusion.
func push(p *bp003lib.Pipe, m []byte) { p.Push(m) }

func sendVia(p *bp003lib.Pipe, in <-chan []byte) {
	for m := range in {
		push(p, m)
	}
}

func other(dc *rtcstub.DataChannel, in <-chan []byte) {
	for m := range in {
		dc.Send(m) // want `Send in a loop`
	}
}

// relay is a sender wrapper, excluded by name.
func relay(dc *rtcstub.DataChannel, m []byte) { dc.Send(m) } // want relay:"sends"

func sendRelayed(dc *rtcstub.DataChannel, in <-chan []byte) {
	for m := range in {
		relay(dc, m)
	}
}

