// Package resulttype returns named bool types, here and from another
// package, whose declarations carry the meaning.
package resulttype

import "resulttype/flow"

type Msg string

// Mailbox buffers messages.
type Mailbox struct{}

// Write adds m.
func (b *Mailbox) Write(m Msg) flow.More { return true } // want Write:"^signal\\(doc\\)"

// WriteRoom adds m.
func (b *Mailbox) WriteRoom(m Msg) flow.Room { return true } // want WriteRoom:"^signal\\(doc\\)"

// WriteKeep adds m.
func (b *Mailbox) WriteKeep(m Msg) flow.KeepGoing { return true } // want WriteKeep:"^signal\\(result\\)"

// WriteStored adds m.
func (b *Mailbox) WriteStored(m Msg) flow.Stored { return true } // want WriteStored:"nosignal\\(doc\\)"

// WriteClosed adds m.
func (b *Mailbox) WriteClosed(m Msg) flow.Closed { return true } // want WriteClosed:"nosignal\\(result\\)"

// WriteFlag adds m.
func (b *Mailbox) WriteFlag(m Msg) flow.Flag { return true }

// ok reports whether the caller may write more.
type ok bool // want ok:"^signal\\(doc\\)"

// WriteLocal adds m.
func (b *Mailbox) WriteLocal(m Msg) ok { return true } // want WriteLocal:"^signal\\(doc\\)"

func deliver(b *Mailbox, ms []Msg) {
	for _, m := range ms {
		b.Write(m)      // want `result of \(\*resulttype\.Mailbox\)\.Write ignored in loop: the doc comment of its result type More says “the caller may send more”`
		b.WriteRoom(m)  // want `the doc comment of its result type Room says “Room reports whether space remains in”`
		b.WriteKeep(m)  // want `its result type KeepGoing says so by name`
		b.WriteLocal(m) // want `its result type ok says “the caller may write more”`
		b.WriteStored(m)
		b.WriteClosed(m)
		b.WriteFlag(m)
	}
}
