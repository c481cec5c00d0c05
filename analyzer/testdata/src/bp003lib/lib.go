// Package bp003lib declares a sink and a checking helper for another
// package to use.
package bp003lib

// Pipe is a buffered-amount sink.
type Pipe struct{} // want Pipe:"buffered\\(Buffered, OnLowWater; Push\\)"

func (p *Pipe) Push(b []byte) error  { return nil }
func (p *Pipe) Buffered() int        { return 0 }
func (p *Pipe) OnLowWater(fn func()) {}

// Wait blocks while p holds more than max bytes.
func Wait(p *Pipe, max int, low <-chan struct{}) { // want Wait:"checksAmount"
	for p.Buffered() > max {
		<-low
	}
}
