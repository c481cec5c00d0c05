package analyzer

// signalFact records the verdict on a function or method whose bool result
// the evidence model decided, so that other packages judge calls to it the
// same way: a signal (and why), or a Write… result that is not one.
// Functions with no evidence either way get no fact.
type signalFact struct {
	Signal bool
	Via    string // an evidence kind: directive, wrapper, result, doc, structure
	Why    string // the clause a message quotes
}

func (*signalFact) AFact() {}

func (f *signalFact) String() string {
	if f.Signal {
		return "signal(" + f.Via + ")"
	}
	return "nosignal(" + f.Via + ")"
}

func (f *signalFact) evidence() evidence { return evidence{signal: f.Signal, via: f.Via, why: f.Why} }
