package analyzer

// signalFact marks a function or method whose bool result is a write signal
// although its name does not say so: it carries //bpvet:signal, or it is a
// wrapper returning another signal. Other packages import it to recognise
// calls to it.
type signalFact struct {
	Via string // "directive" or "wrapper"
}

func (*signalFact) AFact() {}

func (f *signalFact) String() string { return "signal(" + f.Via + ")" }
