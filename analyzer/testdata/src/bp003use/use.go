package bp003use

import "bp003lib"

func send(p *bp003lib.Pipe, in <-chan []byte) {
	for m := range in {
		p.Push(m) // want `\(\*bp003lib.Pipe\).Push in a loop that receives from in ignores the buffered amount: Pipe queues every send and reports the total in Buffered; set a low threshold, register OnLowWater once`
	}
}

func checked(p *bp003lib.Pipe, in <-chan []byte, low <-chan struct{}) { // want checked:"checksAmount"
	for m := range in {
		bp003lib.Wait(p, 1<<20, low)
		p.Push(m)
	}
}
