// Package flow declares bool result types whose names and docs say what
// they mean.
package flow

// More reports whether the caller may send more.
type More bool // want More:"^signal\\(doc\\)"

type Room bool /* want Room:"^signal\\(doc\\)" */ // Room reports whether space remains in the queue.

// KeepGoing says so by name.
type KeepGoing bool // want KeepGoing:"^signal\\(result\\)"

// Stored reports whether the record was written successfully.
type Stored bool // want Stored:"nosignal\\(doc\\)"

// Closed is true after Close; its name wins over its doc's "no room".
type Closed bool // want Closed:"nosignal\\(result\\)"

// Flag says nothing.
type Flag bool
